/**
 * The booking pages through the real app handler on a seeded PostgreSQL
 * database (PGlite when no PostgreSQL is available): the whole no-JS wizard,
 * server-side validation next to fields, the confirmation page with deposit
 * instructions, and the manage page's cancel and reschedule forms.
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
  children: "2",
  under6: "1",
  "proteins.chicken": "12",
  "proteins.filet_mignon": "12",
  "addons.gyoza": "3",
  gratuityPercent: "20",
};
const ADDRESS = {
  "address.line1": "100 Main St",
  "address.city": "Fremont",
  "address.state": "CA",
  zip: "94538",
};
const CONTACT = {
  "customer.name": "Ada Lovelace",
  "customer.email": "ada@example.com",
  "customer.phone": "510 555 0100",
  paymentMethod: "zelle",
};

/** Walks the wizard to the slot step and returns that page. */
async function toSlotStep(app: TestApp): Promise<string> {
  const first = await fetchHtml(app, "/book");
  assert.equal(first.res.status, 200);
  assert.equal(stepHeading(first.html), "Party and menu");
  const address = await submitStep(app, first.html, PARTY);
  assert.equal(stepHeading(address.html), "Address");
  const slot = await submitStep(app, address.html, ADDRESS);
  assert.equal(stepHeading(slot.html), "Date and time");
  return slot.html;
}

Deno.test({
  name: "booking pages: no-JS wizard, confirmation and manage page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp();
    try {
      await t.step(
        "party step shows errors next to fields and keeps answers",
        async () => {
          const first = await fetchHtml(app, "/book");
          const res = await submitStep(app, first.html, {
            ...PARTY,
            "proteins.filet_mignon": "3",
          });
          assert.equal(res.res.status, 422);
          assert.equal(stepHeading(res.html), "Party and menu");
          assert.match(res.html, /role="alert"/);
          assert.match(
            res.html,
            /Choose 24 protein servings in total \(2 per adult and child\); you have chosen 15\./,
          );
          assert.match(res.html, /id="f-proteins-error"/);
          assert.match(res.html, /name="proteins.filet_mignon"[^>]*value="3"/);
        },
      );

      await t.step(
        "an address beyond 150 miles is refused at the address step",
        async () => {
          const first = await fetchHtml(app, "/book");
          const address = await submitStep(app, first.html, PARTY);
          const res = await submitStep(app, address.html, {
            ...ADDRESS,
            zip: "90210",
          });
          assert.equal(res.res.status, 422);
          assert.equal(stepHeading(res.html), "Address");
          assert.match(res.html, /outside our service area/);
        },
      );

      let managePath = "";
      await t.step("books a party end to end with plain forms", async () => {
        const slotHtml = await toSlotStep(app);
        // Travel fee and total shown once the address is known.
        assert.match(slotHtml, /Total so far/);
        assert.ok(
          radioValues(slotHtml, "slot").length > 0,
          "the opening month lists bookable slots",
        );
        // Next month through the no-JS month buttons (their own form): a slot
        // weeks ahead, so the 96 h refund rule applies later on.
        const nav = forms(slotHtml).find((f) => f.id === "slot-month-nav")!;
        const navBody = hiddenFields(nav.body);
        const next = slotHtml.match(
          /name="month" form="slot-month-nav" value="([^"]+)"/g,
        )!
          .map((m) => m.match(/value="([^"]+)"/)![1]).sort().at(-1)!;
        navBody.set("month", next);
        const nextMonth = await fetchHtml(app, "/book", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: navBody.toString(),
        });
        assert.equal(stepHeading(nextMonth.html), "Date and time");
        const slots = radioValues(nextMonth.html, "slot");
        assert.ok(slots.every((s) => s.startsWith(next)));
        slots.reverse();
        const contact = await submitStep(app, nextMonth.html, {
          slot: slots[0],
        });
        assert.equal(stepHeading(contact.html), "Contact details");
        const held = hiddenFields(stepForm(contact.html));
        assert.match(held.get("holdId") ?? "", /^[0-9a-f-]{36}$/);
        assert.equal(held.get("holdSlot"), slots[0]);
        assert.match(contact.html, /role="timer"[^>]*>1[45]:\d\d</);

        const missing = await submitStep(app, contact.html, {
          ...CONTACT,
          "customer.email": "not-an-email",
        });
        assert.equal(missing.res.status, 422);
        assert.match(missing.html, /id="f-customer-email-error"/);
        assert.match(missing.html, /aria-invalid="true"/);

        // The SMS opt-in (ADR 0036): offered in development (dev mailbox).
        assert.match(contact.html, /type="checkbox" name="smsOptIn"/);
        const review = await submitStep(app, contact.html, {
          ...CONTACT,
          smsOptIn: "on",
        });
        assert.equal(stepHeading(review.html), "Review and book");
        assert.match(review.html, /Filet mignon/);
        assert.match(review.html, /96\s*(<!-- -->)?\s*hours/);

        const done = await submitStep(app, review.html, {});
        assert.equal(done.res.status, 303);
        const location = done.res.headers.get("location") ?? "";
        assert.match(location, /^\/book\/confirmation\/[^?]+\?token=/);

        const confirmation = await fetchHtml(app, location);
        assert.equal(confirmation.res.status, 200);
        const reference = confirmation.html.match(
          /data-reference[^>]*>([^<]+)</,
        )?.[1];
        assert.ok(reference);
        assert.match(
          confirmation.html,
          /data-payment-handle[^>]*>payments@myhibachi\.example</,
        );
        assert.match(confirmation.html, /data-payment-amount[^>]*>\$100</);
        assert.match(
          confirmation.html,
          new RegExp(`data-payment-memo[^>]*>${reference}<`),
        );
        managePath =
          confirmation.html.match(/href="([^"]+)"[^>]*data-manage-link/)?.[1]
            ?.replace(/&amp;/g, "&") ?? "";
        assert.match(managePath, new RegExp(`^/manage/${reference}\\?token=`));
        const rows = await app.db.sql`
          select status, event_date, slot_time, sms_phone, sms_opt_in_at
          from public.bookings where reference = ${reference}`;
        assert.equal(rows.length, 1);
        assert.equal(rows[0].status, "pending_deposit");
        assert.equal(rows[0].sms_phone, "+15105550100");
        assert.ok(rows[0].sms_opt_in_at, "the SMS consent is stored");
      });

      await t.step(
        "the manage page shows the booking; a wrong token is a 404",
        async () => {
          const page = await fetchHtml(app, managePath);
          assert.equal(page.res.status, 200);
          assert.equal(page.res.headers.get("cache-control"), "no-store");
          assert.match(page.html, /data-booking-status="pending_deposit"/);
          // Nothing paid yet: the cancel terms say nothing is refunded.
          assert.match(page.html, /paid nothing yet[^<]*nothing to refund/);
          const wrong = await fetchHtml(
            app,
            managePath.replace(/token=.*/, "token=nope"),
          );
          assert.equal(wrong.res.status, 404);
        },
      );

      await t.step(
        "reschedule then request cancellation through the manage forms",
        async () => {
          const page = await fetchHtml(app, managePath);
          const token = new URL(managePath, "http://x").searchParams.get(
            "token",
          )!;
          const slots = radioValues(page.html, "slot");
          const post = (body: Record<string, string>) =>
            fetchHtml(app, managePath.split("?")[0], {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({ token, ...body }).toString(),
            });
          const moved = await post({
            action: "reschedule",
            slot: slots.at(-1)!,
          });
          assert.equal(moved.res.status, 303);
          const after = await fetchHtml(
            app,
            moved.res.headers.get("location")!,
          );
          assert.match(after.html, /moved to the new date/);
          // The first submit only asks to confirm (tests/pages/manage_cancel_test.ts).
          const asked = await post({
            action: "cancel",
            reason: "plans changed",
          });
          assert.equal(asked.res.status, 200);
          assert.match(asked.html, /data-confirm-cancel/);
          const cancelled = await post({
            action: "confirm_cancel",
            reason: "plans changed",
          });
          assert.equal(cancelled.res.status, 303);
          const last = await fetchHtml(
            app,
            cancelled.res.headers.get("location")!,
          );
          assert.match(
            last.html,
            /data-booking-status="cancellation_requested"/,
          );
          assert.equal(
            forms(last.html).some((f) => /value="cancel"/.test(f.body)),
            false,
          );
        },
      );

      await t.step(
        "a taken slot sends the wizard back to the date step",
        async () => {
          const slotHtml = await toSlotStep(app);
          const slot = radioValues(slotHtml, "slot")[0];
          const [date, time] = slot.split(" ");
          // Fill that slot to capacity with other customers' holds.
          const [{ capacity }] = await app.db.sql`
          select capacity from public.slot_availability(
            (select id from public.locations where slug = 'fremont'), ${date}::date, ${date}::date)
          where slot_time = ${time}`;
          const contact = await submitStep(app, slotHtml, { slot });
          for (let i = 0; i < Number(capacity); i++) {
            await fetchHtml(app, "/api/holds", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ date, time }),
            });
          }
          const review = await submitStep(app, contact.html, CONTACT);
          // Our own hold still stands, so the booking goes through…
          const done = await submitStep(app, review.html, {});
          assert.equal(done.res.status, 303);
          // …but a second party at the same full slot is turned back.
          const again = await submitStep(app, review.html, {});
          assert.equal(again.res.status, 422);
          assert.equal(stepHeading(again.html), "Date and time");
          assert.match(again.html, /just taken/);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "quote page: no-JS form prices the party; menu and quote render",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await pagesApp();
    try {
      const q = new URLSearchParams({ ...PARTY, zip: "94538" });
      const page = await fetchHtml(app, `/quote?${q}`);
      assert.equal(page.res.status, 200);
      assert.match(page.html, /id="quote-total"[^>]*>Total \$/);
      assert.match(page.html, /formaction="\/book"|formAction="\/book"/i);
      const far = await fetchHtml(
        app,
        `/quote?${new URLSearchParams({ ...PARTY, zip: "90210" })}`,
      );
      assert.match(far.html, /outside our service area/);
      // Out of the area: no price, no booking button, a way to reach us.
      assert.doesNotMatch(far.html, /id="quote-total"[^>]*>Total \$/);
      assert.doesNotMatch(far.html, /formaction="\/book"/i);
      assert.match(far.html, /id="out-of-area"[\s\S]*?href="\/contact"/);
      const empty = await fetchHtml(app, "/quote");
      assert.equal(empty.res.status, 200);
      assert.match(empty.html, /name="gratuityPercent"[^>]*value="20"/);
      const prefilled = await fetchHtml(app, `/book?${q}`);
      assert.match(
        prefilled.html,
        /name="proteins.filet_mignon"[^>]*value="12"/,
      );
    } finally {
      await app.dispose();
    }
  },
});
