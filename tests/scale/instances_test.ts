/**
 * Scale-out on one database (issue 15): three instances, each with its own
 * pool, server, jobs and outbox worker, behave as one app. The database is
 * what keeps them consistent, so this runs on the suite's PostgreSQL cluster
 * (PGlite, one connection, when there is none).
 */
import assert from "node:assert/strict";
import { runJobsOnce } from "../../lib/jobs/mod.ts";
import { bookingBody } from "../api/support.ts";
import { daysAfter, nextWeekday, testInstant } from "../support/clock.ts";
import { startInstances } from "../support/instances.ts";

const FREMONT = "10000000-0000-4000-8000-000000000001";

/** Waits until the shared outbox has nothing left to send (fails after 30 s). */
async function outboxDrained(
  sql: import("../../lib/db/mod.ts").Db["sql"],
  wake: () => void,
): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.notifications
      where status in ('pending', 'sending')`;
    if (n === 0) return;
    wake();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the outbox did not drain in 30 s");
}

Deno.test({
  name:
    "three instances, one database: 200 bookings race for 3 places, jobs and mail happen once",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const start = testInstant("12:00");
    let now = start;
    const cluster = await startInstances(3, {
      env: { RATE_LIMITS: "off", JOBS: "on", OUTBOX_INTERVAL_MS: "100" },
      clock: () => now,
    });
    const sql = cluster.test.db.sql;
    try {
      const friday = nextWeekday(5, daysAfter(start, 30));

      await t.step(
        "200 concurrent POSTs spread over the instances: exactly 3 × 201",
        async () => {
          const [{ capacity }] = await sql<{ capacity: number }[]>`
          select capacity from public.slot_availability(
            ${FREMONT}, ${friday}::date, ${friday}::date)
          where slot_time = '18:00'`;
          assert.equal(capacity, 3);
          const results = await Promise.all(
            Array.from({ length: 200 }, async (_, i) => {
              const instance = cluster.all[i % cluster.all.length];
              const res = await fetch(`${instance.url}/api/bookings`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(bookingBody(friday, "18:00", {
                  customer: {
                    name: `Guest ${i}`,
                    email: `guest${i}@example.com`,
                    phone: `510-555-${String(1000 + i)}`,
                  },
                })),
              });
              const body = await res.json();
              return { status: res.status, code: body.error?.code, i };
            }),
          );
          const created = results.filter((r) => r.status === 201);
          assert.equal(created.length, 3);
          for (const r of results) {
            if (r.status !== 201) {
              assert.deepEqual([r.status, r.code], [409, "SLOT_FULL"]);
            }
          }
          const [{ n }] = await sql<{ n: number }[]>`
          select count(*)::int as n from public.bookings
          where event_date = ${friday}::date and slot_time = '18:00'`;
          assert.equal(n, 3);
        },
      );

      await t.step(
        "the deposit deadline passes: all three instances run the jobs, each booking expires once",
        async () => {
          now = new Date(start.getTime() + 25 * 3600_000);
          const ticks = await Promise.all(
            cluster.all.map((i) =>
              runJobsOnce({ db: i.db, now: i.parts.clock })
            ),
          );
          for (const tick of ticks) assert.deepEqual(tick.errors, []);
          const rows = await sql<{ status: string; expiries: number }[]>`
          select b.status,
            (select count(*)::int from public.audit_log a
             where a.action = 'booking.expired' and a.entity_id = b.id::text) as expiries
          from public.bookings b
          where b.event_date = ${friday}::date and b.slot_time = '18:00'`;
          assert.deepEqual(
            rows.map((r) => [r.status, r.expiries]),
            [["expired", 1], ["expired", 1], ["expired", 1]],
          );
        },
      );

      await t.step(
        "every queued mail is sent exactly once, by some instance",
        async () => {
          await outboxDrained(sql, () => {
            for (const i of cluster.all) i.parts.outbox.wake();
          });
          const sent = await sql<{ recipient: string; kind: string }[]>`
          select recipient, kind from public.notifications
          where status = 'sent' order by recipient, kind`;
          const [{ failed }] = await sql<{ failed: number }[]>`
          select count(*)::int as failed from public.notifications
          where status = 'failed'`;
          assert.equal(failed, 0);
          // Three customers' confirmations at least, plus the manager alerts.
          assert.ok(sent.length >= 3, `sent: ${sent.length}`);
          const delivered = cluster.all.flatMap((i) => i.mailbox.list());
          assert.equal(delivered.length, sent.length);
          assert.deepEqual(
            delivered.map((m) => m.to).sort(),
            sent.map((s) => s.recipient).sort(),
          );
        },
      );
    } finally {
      await cluster.dispose();
    }
  },
});
