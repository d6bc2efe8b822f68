/**
 * Customer text arrives normalised (issue 9 §9): a line break in a name does
 * not reach the database or the booking mail as a line break, control and
 * bidi characters are gone, notes keep their lines; and the database refuses
 * a multi-line name from any other writer (`customers_one_line`).
 */
import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, fixedClock, testInstant } from "../support/clock.ts";

Deno.test({
  name:
    "POST /api/bookings and /contact store one-line names and clean notes; the database refuses multi-line names",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const now = testInstant("12:00");
    const app = await startApp({
      clock: fixedClock(now),
      env: { RATE_LIMITS: "off" },
    });
    try {
      const [slot] = await app.db.sql<{ date: string; time: string }[]>`
        select event_date::text as date, slot_time as time
        from public.slot_availability('10000000-0000-4000-8000-000000000001',
          ${daysAfter(now, 10)}::date, ${daysAfter(now, 40)}::date)
        where available > 0 order by event_date, slot_time limit 1`;
      const res = await app.fetch(
        "/api/bookings",
        postJson(bookingBody(slot.date, slot.time, {
          customer: {
            name: "Pat\r\nBcc: victim@example.com\u202e",
            email: "pat-text@example.com",
            phone: "510 555 0100",
          },
          address: {
            line1: "1 Main St\n\tApt 2",
            city: "Fremont\u0000",
            state: "CA",
            zip: "94538",
          },
          notes: "Gate code 4411\r\n\r\n\r\nNo nuts\u0007!",
        })),
      );
      assert.equal(res.status, 201, await res.clone().text());
      const { reference } = await res.json();
      const [row] = await app.db.sql<
        { name: string; line1: string; city: string; notes: string }[]
      >`
        select c.name, b.address_line1 as line1, b.city, b.notes
        from public.bookings b join public.customers c on c.id = b.customer_id
        where b.reference = ${reference}`;
      assert.deepEqual(row, {
        name: "Pat Bcc: victim@example.com",
        line1: "1 Main St Apt 2",
        city: "Fremont",
        notes: "Gate code 4411\n\nNo nuts!",
      });
      // The queued confirmation mail carries the cleaned name.
      const [mail] = await app.db.sql<{ payload: Record<string, unknown> }[]>`
        select n.payload from public.notifications n
        join public.bookings b on b.id = n.booking_id
        where b.reference = ${reference} limit 1`;
      assert.ok(mail, "a mail was queued");
      assert.doesNotMatch(JSON.stringify(mail.payload), /\\r|\\n\s*Bcc/);

      const form = new URLSearchParams({
        name: "Ann\r\nSubject: hi",
        email: "ann@example.com",
        message: "Hello\u001b[31m there, we are 12 people.",
      });
      const contact = await app.fetch("/contact", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form.toString(),
      });
      await contact.body?.cancel();
      assert.ok(contact.status < 400, String(contact.status));
      const [msg] = await app.db.sql<{ name: string; message: string }[]>`
        select name, message from public.contact_messages
        where email = 'ann@example.com'`;
      assert.deepEqual(msg, {
        name: "Ann Subject: hi",
        message: "Hello[31m there, we are 12 people.",
      });

      await assert.rejects(
        () =>
          app.db.sql`
          insert into public.customers (email, name) values ('x@example.com', 'Two' || chr(10) || 'Lines')`,
        (err: { constraint_name?: string }) =>
          err.constraint_name === "customers_one_line",
      );
    } finally {
      await app.dispose();
    }
  },
});
