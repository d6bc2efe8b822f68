/**
 * The no-JS booking wizard under the abuse limits (issue 9, ADR 0015): a
 * third hold from one client is refused on the date step, and a fourth
 * unpaid booking for one email sends the visitor back to the contact step
 * with the reason, instead of an error page.
 */
import assert from "node:assert/strict";
import type { TestApp } from "../support/app.ts";
import {
  fetchHtml,
  pagesApp,
  radioValues,
  stepHeading,
  submitStep,
} from "./support.ts";

const PARTY = {
  adults: "10",
  children: "0",
  under6: "0",
  "proteins.chicken": "10",
  "proteins.steak": "10",
  gratuityPercent: "0",
};
const ADDRESS = {
  "address.line1": "100 Main St",
  "address.city": "Fremont",
  "address.state": "CA",
  zip: "94538",
};
const CONTACT = {
  "customer.name": "Ada Lovelace",
  "customer.email": "busy@example.com",
  "customer.phone": "510 555 0177",
  paymentMethod: "zelle",
};

async function toSlotStep(app: TestApp): Promise<string> {
  const first = await fetchHtml(app, "/book");
  const address = await submitStep(app, first.html, PARTY);
  const slot = await submitStep(app, address.html, ADDRESS);
  assert.equal(stepHeading(slot.html), "Date and time");
  return slot.html;
}

/** POST /api/<path> as JSON from `ip`. */
async function api(
  app: TestApp,
  path: string,
  body: unknown,
  ip: string,
): Promise<number> {
  const res = await app.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ip,
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test({
  name:
    "booking wizard: the hold and unpaid-booking limits are explained on the right step",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp({
      env: { RATE_LIMITS: "quote=1000/60s,holds=1000/60s,bookings=1000/60s" },
    });
    try {
      const slotHtml = await toSlotStep(app);
      const slots = radioValues(slotHtml, "slot");
      assert.ok(slots.length >= 6, "enough slots on the opening month");

      await t.step(
        "a third hold from this client: stay on the date step",
        async () => {
          for (const s of slots.slice(0, 2)) {
            const [date, time] = s.split(" ");
            assert.equal(
              await api(app, "/api/holds", { date, time }, "127.0.0.1"),
              201,
            );
          }
          const refused = await submitStep(app, slotHtml, { slot: slots[2] });
          assert.equal(stepHeading(refused.html), "Date and time");
          assert.match(refused.html, /holding the most time slots/);
          const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.holds
          where expires_at > now() and converted_booking_id is null`;
          assert.equal(n, 2);
        },
      );

      await t.step(
        "a fourth unpaid booking for one email: back to the contact step",
        async () => {
          // Free this client's holds, then book three times from elsewhere.
          await app.db.sql`update public.holds set expires_at = now()`;
          for (const [i, s] of slots.slice(3, 6).entries()) {
            const [date, time] = s.split(" ");
            assert.equal(
              await api(app, "/api/bookings", {
                adults: 10,
                children: 0,
                proteins: { chicken: 10, steak: 10 },
                zip: "94538",
                date,
                time,
                customer: {
                  name: "Ada Lovelace",
                  email: "busy@example.com",
                  phone: `510 555 01${i}0`,
                },
                address: {
                  line1: "100 Main St",
                  city: "Fremont",
                  state: "CA",
                  zip: "94538",
                },
                paymentMethod: "zelle",
              }, `198.51.100.${i + 1}`),
              201,
            );
          }
          const contact = await submitStep(app, slotHtml, { slot: slots[0] });
          assert.equal(stepHeading(contact.html), "Contact details");
          const review = await submitStep(app, contact.html, CONTACT);
          const refused = await submitStep(app, review.html, {});
          assert.notEqual(refused.res.status, 303);
          assert.equal(stepHeading(refused.html), "Contact details");
          assert.match(
            refused.html,
            /too many unpaid bookings/i,
            refused.html.replace(
              /<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g,
              "",
            ).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 3000),
          );
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
