/**
 * SPEC §6: 200 concurrent booking attempts for one slot of capacity 3, over
 * real HTTP against the real app and database: exactly 3 succeed.
 */
import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { bookingBody } from "./support.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";

Deno.test({
  name:
    "200 concurrent POST /api/bookings at a capacity-3 slot: exactly 3 × 201, 197 × 409 SLOT_FULL",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const now = testInstant("12:00");
    const app = await startApp({
      env: { RATE_LIMITS: "off" },
      clock: fixedClock(now),
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      app.handler,
    );
    try {
      const friday = nextWeekday(5, daysAfter(now, 30));
      const [{ capacity }] = await app.db.sql<{ capacity: number }[]>`
        select capacity from public.slot_availability(
          '10000000-0000-4000-8000-000000000001', ${friday}::date, ${friday}::date)
        where slot_time = '18:00'`;
      assert.equal(capacity, 3);
      const url = `http://127.0.0.1:${server.addr.port}/api/bookings`;
      const attempts = Array.from({ length: 200 }, (_, i) =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(bookingBody(friday, "18:00", {
            customer: {
              name: `Guest ${i}`,
              email: `guest${i}@example.com`,
              phone: "510-555-0100",
            },
          })),
        }).then(async (res) => ({
          status: res.status,
          body: await res.json(),
        })));
      const results = await Promise.all(attempts);
      const byStatus = new Map<number, number>();
      for (const r of results) {
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      }
      assert.deepEqual(Object.fromEntries(byStatus), { 201: 3, 409: 197 });
      for (const r of results) {
        if (r.status === 409) assert.equal(r.body.error.code, "SLOT_FULL");
      }
      const [rows] = await app.db.sql<{ n: number; events: number }[]>`
        select count(*)::int as n,
          (select count(*)::int from public.booking_events e
           join public.bookings b2 on b2.id = e.booking_id
           where b2.event_date = ${friday}::date) as events
        from public.bookings b
        where b.event_date = ${friday}::date and b.slot_time = '18:00'`;
      assert.equal(rows.n, 3);
      assert.equal(rows.events, 3);
    } finally {
      await server.shutdown();
      await app.dispose();
    }
  },
});
