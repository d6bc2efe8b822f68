/**
 * The no-JS booking wizard and the quote page choose the nearest base from
 * the ZIP (SPEC §2): a Sacramento customer is served from Sacramento with no
 * travel fee and booked there; the customer may switch to another base that
 * serves the ZIP; a tampered location re-shows the step with the error.
 */
import assert from "node:assert/strict";
import type { TestApp } from "../support/app.ts";
import {
  fetchHtml,
  forms,
  hiddenFields,
  pagesApp,
  radioValues,
  stepForm,
  stepHeading,
  submitStep,
} from "./support.ts";

const PARTY = {
  adults: "10",
  children: "0",
  "proteins.chicken": "10",
  "proteins.steak": "10",
};
const SAC_ADDRESS = {
  "address.line1": "1 Capitol Mall",
  "address.city": "Sacramento",
  "address.state": "CA",
  zip: "95814",
};
const CONTACT = {
  "customer.name": "Ada Lovelace",
  "customer.email": "ada@example.com",
  "customer.phone": "916 555 0100",
  paymentMethod: "zelle",
};
const SACRAMENTO_ID = "10000000-0000-4000-8000-000000000002";
const FREMONT_ID = "10000000-0000-4000-8000-000000000001";

async function toSlotStep(
  app: TestApp,
  address: Record<string, string>,
): Promise<string> {
  const first = await fetchHtml(app, "/book");
  const addr = await submitStep(app, first.html, PARTY);
  assert.equal(stepHeading(addr.html), "Address");
  const slot = await submitStep(app, addr.html, address);
  assert.equal(stepHeading(slot.html), "Date and time", slot.html);
  return slot.html;
}

/** Submits the slot step's base choice form with `location`. */
async function relocate(
  app: TestApp,
  html: string,
  location: string,
): Promise<{ res: Response; html: string }> {
  const form = forms(html).find((f) => f.id === "slot-location");
  assert.ok(form, "the base choice form is shown");
  const body = hiddenFields(form.body);
  body.set("location", location);
  body.set("action", "relocate");
  return await fetchHtml(app, "/book", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
}

/** From a slot step page: pick the last slot, fill contact, book; the booking row. */
async function bookFrom(
  app: TestApp,
  slotHtml: string,
): Promise<{ location_id: string; quote: { travelFeeCents: number } }> {
  const slots = radioValues(slotHtml, "slot");
  assert.ok(slots.length > 0);
  const contact = await submitStep(app, slotHtml, { slot: slots.at(-1)! });
  assert.equal(stepHeading(contact.html), "Contact details");
  const review = await submitStep(app, contact.html, CONTACT);
  assert.equal(stepHeading(review.html), "Review and book");
  const done = await submitStep(app, review.html, {});
  assert.equal(done.res.status, 303, done.html);
  const reference = decodeURIComponent(
    (done.res.headers.get("location") ?? "").match(
      /confirmation\/([^?]+)/,
    )![1],
  );
  const [row] = await app.db.sql<
    { location_id: string; quote: { travelFeeCents: number } }[]
  >`select location_id, quote from public.bookings where reference = ${reference}`;
  return row;
}

Deno.test({
  name: "nearest base in the no-JS wizard and the quote page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp();
    try {
      await t.step(
        "a Sacramento customer is served and booked from Sacramento, free travel",
        async () => {
          const slot = await toSlotStep(app, SAC_ADDRESS);
          assert.match(slot, /Served from <span id="served-from">Sacramento/);
          assert.match(slot, /travel free: 0 miles/);
          // Both bases serve the ZIP: the customer may pick either.
          assert.deepEqual(radioValues(slot, "location"), [
            "sacramento",
            "fremont",
          ]);
          assert.equal(
            hiddenFields(stepForm(slot)).get("location"),
            "sacramento",
          );
          const row = await bookFrom(app, slot);
          assert.equal(row.location_id, SACRAMENTO_ID);
          assert.equal(row.quote.travelFeeCents, 0);
        },
      );

      await t.step(
        "the customer switches to Fremont and is booked there",
        async () => {
          const slot = await toSlotStep(app, SAC_ADDRESS);
          const fremont = await relocate(app, slot, "fremont");
          assert.equal(fremont.res.status, 200);
          assert.equal(stepHeading(fremont.html), "Date and time");
          assert.match(
            fremont.html,
            /Served from <span id="served-from">Fremont/,
          );
          assert.match(fremont.html, /\$96(\.00)? travel \(78 miles\)/);
          assert.equal(
            hiddenFields(stepForm(fremont.html)).get("location"),
            "fremont",
          );
          const row = await bookFrom(app, fremont.html);
          assert.equal(row.location_id, FREMONT_ID);
          assert.equal(row.quote.travelFeeCents, 9600);
        },
      );

      await t.step(
        "a base that does not serve the ZIP is refused next to the choice",
        async () => {
          const slot = await toSlotStep(app, SAC_ADDRESS);
          const far = await relocate(app, slot, "atlantis");
          assert.equal(far.res.status, 422);
          assert.equal(stepHeading(far.html), "Date and time");
          assert.match(far.html, /id="f-location-error"/);
          // Tampered hidden field on a later step: re-shown, never a 500.
          const contact = await submitStep(app, slot, {
            slot: radioValues(slot, "slot")[0],
          });
          const review = await submitStep(app, contact.html, CONTACT);
          const body = hiddenFields(stepForm(review.html));
          body.set("location", "atlantis");
          const res = await fetchHtml(app, "/book", {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: body.toString(),
          });
          assert.equal(res.res.status, 422);
          assert.equal(stepHeading(res.html), "Date and time");
          assert.match(res.html, /id="f-location-error"/);
        },
      );

      await t.step(
        "a new ZIP on the address step moves to its nearest base",
        async () => {
          const first = await fetchHtml(app, "/book");
          const addr = await submitStep(app, first.html, PARTY);
          // Sacramento chosen earlier (e.g. from the quote page), then Fresno:
          // Sacramento does not serve it, so Fremont takes over.
          const body = hiddenFields(stepForm(addr.html));
          for (
            const [k, v] of Object.entries({
              ...SAC_ADDRESS,
              "address.city": "Fresno",
              zip: "93721",
              location: "sacramento",
            })
          ) body.set(k, v);
          const slot = await fetchHtml(app, "/book", {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: body.toString(),
          });
          assert.equal(stepHeading(slot.html), "Date and time");
          assert.match(slot.html, /our <strong>Fremont<\/strong> base/);
          assert.deepEqual(radioValues(slot.html, "location"), []);
        },
      );

      await t.step(
        "the quote page says which base serves the ZIP",
        async () => {
          const q = new URLSearchParams({ ...PARTY, zip: "95630" });
          const page = await fetchHtml(app, `/quote?${q}`);
          assert.equal(page.res.status, 200);
          assert.match(page.html, /<label for="f-location"[^>]*>Served from</);
          const selected = (html: string, slug: string) =>
            new RegExp(`<option(?=[^>]*value="${slug}")(?=[^>]*selected)[^>]*>`)
              .test(html);
          assert.ok(selected(page.html, "sacramento"));
          assert.ok(!selected(page.html, "fremont"));
          q.set("location", "fremont");
          const picked = await fetchHtml(app, `/quote?${q}`);
          assert.ok(selected(picked.html, "fremont"));
          // Fresno has one base: said in words, no choice.
          q.set("zip", "93721");
          q.delete("location");
          const fresno = await fetchHtml(app, `/quote?${q}`);
          assert.match(fresno.html, /Served from (<!-- -->)?Fremont/);
          // A base that does not serve the ZIP: the error, and the nearest's price.
          q.set("location", "sacramento");
          const refused = await fetchHtml(app, `/quote?${q}`);
          assert.match(refused.html, /Sacramento does not serve ZIP 93721/);
          assert.match(refused.html, /Served from (<!-- -->)?Fremont/);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
