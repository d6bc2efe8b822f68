/**
 * Scale-out on one database (issue 15): three instances, each with its own
 * pool, server, jobs and outbox worker, behave as one app. The database is
 * what keeps them consistent, so this runs on the suite's PostgreSQL cluster
 * (PGlite, one connection, when there is none).
 */
import assert from "node:assert/strict";
import { runJobsOnce } from "../../lib/jobs/mod.ts";
import { decodeEntities } from "../site/app_handler.ts";
import { bookingBody } from "../api/support.ts";
import { daysAfter, nextWeekday, testInstant } from "../support/clock.ts";
import { type Instances, startInstances } from "../support/instances.ts";

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

/** Every mail the outbox marked sent reached exactly one mailbox, once. */
async function assertSentOnce(cluster: Instances): Promise<number> {
  const sql = cluster.test.db.sql;
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
  const delivered = cluster.all.flatMap((i) => i.mailbox.list());
  assert.deepEqual(
    delivered.map((m) => m.to).sort(),
    sent.map((s) => s.recipient).sort(),
  );
  return sent.length;
}

Deno.test({
  name:
    "three instances, one database: 200 bookings race for 3 places, jobs and mail happen once",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    // Ahead of the database's now(), so mail it queues is already due on
    // the instances' clock (and the same day, whatever the hour).
    const start = new Date(
      Math.max(testInstant("23:59").getTime(), Date.now() + 60_000),
    );
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
        "a price change (NOTIFY) reaches every instance's cached home page and in-memory quotes",
        async () => {
          const home = async (url: string) =>
            decodeEntities(await (await fetch(`${url}/`)).text());
          const adultPrice = async (url: string) => {
            const res = await fetch(`${url}/api/quote`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                adults: 10,
                children: 0,
                proteins: { chicken: 10, steak: 10 },
                zip: "94538",
                gratuityPercent: 20,
              }),
            });
            const body = await res.json();
            assert.equal(res.status, 200, JSON.stringify(body));
            return (body.lines as { code: string; unitCents: number }[])
              .find((l) => l.code === "adult")!.unitCents;
          };
          for (const i of cluster.all) {
            assert.match(await home(i.url), /\$55 per adult/);
            assert.equal(await adultPrice(i.url), 5500);
            // Quotes are priced from memory, not a database round trip, once
            // the instance's first load after its LISTEN has finished (under
            // load it may still be running when the first quote is served).
            for (let tries = 0; i.parts.catalog.snapshot() === null; tries++) {
              assert.ok(tries < 200, `${i.url} never kept a quote snapshot`);
              await new Promise((r) => setTimeout(r, 25));
            }
          }
          await sql`update public.settings_versions
            set adult_price_cents = 6100
            where id = (app.settings_at(app.business_today())).id`;
          for (const i of cluster.all) {
            // Waits for the instance's listener, not for a time.
            for (let tries = 0;; tries++) {
              if (/\$61 per adult/.test(await home(i.url))) break;
              assert.ok(tries < 200, `${i.url} never showed the new price`);
              await new Promise((r) => setTimeout(r, 25));
            }
            for (let tries = 0;; tries++) {
              if (await adultPrice(i.url) === 6100) break;
              assert.ok(tries < 200, `${i.url} never quoted the new price`);
              await new Promise((r) => setTimeout(r, 25));
            }
          }
        },
      );

      await t.step(
        "a chef's approved time off (NOTIFY) reaches every instance's availability",
        async () => {
          // A week after the raced Friday: its capacity comes from each
          // instance's capacity plan, not from a database count (ADR 0056).
          const later = nextWeekday(5, friday);
          const capacity = async (url: string) => {
            const res = await fetch(
              `${url}/api/availability?from=${later}&to=${later}&location=fremont`,
            );
            const body = await res.json();
            assert.equal(res.status, 200, JSON.stringify(body));
            return (body.dates[0].slots as { capacity: number }[])[0].capacity;
          };
          const [{ before }] = await sql<{ before: number }[]>`
            select capacity as before
            from public.day_capacities(${FREMONT}, ${later}::date, ${later}::date)`;
          assert.ok(before >= 1, "a chef works that Friday");
          for (const i of cluster.all) {
            for (
              let tries = 0;
              !i.parts.catalog.snapshot()?.capacity;
              tries++
            ) {
              assert.ok(tries < 200, `${i.url} never kept a capacity plan`);
              await new Promise((r) => setTimeout(r, 25));
            }
            assert.equal(await capacity(i.url), before);
          }
          // A chef counted that day (working Fridays, not already away).
          await sql`
            insert into public.chef_time_off (chef_id, starts_on, ends_on, status)
            select c.id, ${later}::date, ${later}::date, 'approved'
            from public.chefs c
            where c.location_id = ${FREMONT} and c.active and 5 = any (c.weekdays)
              and not exists (
                select 1 from public.chef_time_off t
                where t.chef_id = c.id and t.status = 'approved'
                  and ${later}::date between t.starts_on and t.ends_on)
              and app.chef_absence_strands(c.id, array[${later}::date], null, current_date) is null
            order by c.id limit 1`;
          for (const i of cluster.all) {
            // Waits for the instance's listener, not for a time.
            for (let tries = 0;; tries++) {
              if (await capacity(i.url) === before - 1) break;
              assert.ok(tries < 200, `${i.url} never showed the time off`);
              await new Promise((r) => setTimeout(r, 25));
            }
          }
        },
      );

      await t.step(
        "the bookings' mails are sent exactly once, by some instance",
        async () => {
          // Three customers' confirmations at least, plus manager alerts.
          assert.ok((await assertSentOnce(cluster)) >= 3);
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
        "after the expiry, still every mail exactly once",
        async () => {
          await assertSentOnce(cluster);
        },
      );
    } finally {
      await cluster.dispose();
    }
  },
});

Deno.test({
  name:
    "three instances, one database: the unpaid-booking limit per e-mail holds across instances",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const start = testInstant("12:00");
    const cluster = await startInstances(3, {
      env: { TRUST_PROXY: "1", JOBS: "off" },
      clock: () => start,
    });
    try {
      // Six bookings for one address, each from its own client and phone, on
      // six different days, sent to the three instances at once.
      const results = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const date = nextWeekday(6, daysAfter(start, 14 + 7 * i));
          const res = await fetch(
            `${cluster.all[i % 3].url}/api/bookings`,
            {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "x-forwarded-for": `198.51.100.${10 + i}`,
              },
              body: JSON.stringify(bookingBody(date, "12:00", {
                customer: {
                  name: `Same Person ${i}`,
                  email: "same.person@example.com",
                  phone: `510-555-${String(2000 + i)}`,
                },
              })),
            },
          );
          const body = await res.json();
          return [res.status, body.error?.code ?? null];
        }),
      );
      const created = results.filter(([s]) => s === 201).length;
      assert.equal(created, 3, JSON.stringify(results));
      for (const [status, code] of results) {
        if (status !== 201) {
          assert.deepEqual([status, code], [429, "TOO_MANY_PENDING"]);
        }
      }
    } finally {
      await cluster.dispose();
    }
  },
});
