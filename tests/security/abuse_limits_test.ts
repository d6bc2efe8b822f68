/**
 * Abuse limits (SPEC §2, issue 9, ADR 0015) over real HTTP against the real
 * app and database: at most 2 unexpired holds per client; at most 3 unpaid
 * bookings per email, per phone and per client in 24 hours; over a limit
 * 429 `TOO_MANY_PENDING`. The database counts them, so parallel requests
 * cannot get past a limit either, and the numbers are the admin-editable
 * settings in force (`settings_versions`). `RATE_LIMITS=off` turns them off.
 *
 * The app runs behind one trusted proxy (`TRUST_PROXY=1`), so each request
 * names its client in `x-forwarded-for`, as nginx would.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { bookingBody, FREMONT } from "../api/support.ts";
import { daysAfter, fixedClock, testInstant } from "../support/clock.ts";

const now = testInstant("12:00");

/** Open (date, time) slots at Fremont from 10 days out, `count` of them. */
async function openSlots(
  app: TestApp,
  count: number,
): Promise<{ date: string; time: string }[]> {
  const rows = await app.db.sql<{ date: string; time: string }[]>`
    select event_date::text as date, slot_time as time
    from public.slot_availability(${FREMONT}::uuid, ${daysAfter(now, 10)}::date,
      ${daysAfter(now, 70)}::date)
    where available > 0
    order by event_date, slot_time
    limit ${count}`;
  assert.equal(rows.length, count, "enough open slots");
  return rows;
}

/** POST `path` with a JSON body from client `ip` over real HTTP. */
async function post(
  app: TestApp,
  path: string,
  body: unknown,
  ip: string,
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: Record<string, any>; headers: Headers }> {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/**
 * Asserts that a 429's `Retry-After` is the whole seconds from the database's
 * now until `freeAt` (a SQL expression's value), within a second of the
 * request's own reading.
 */
async function assertRetryAfter(
  app: TestApp,
  headers: Headers,
  freeAt: string,
): Promise<void> {
  const header = headers.get("retry-after");
  assert.match(header ?? "", /^\d+$/, `Retry-After: ${header}`);
  const [{ s }] = await app.db.sql<{ s: number }[]>`
    select ceil(extract(epoch from ${freeAt}::timestamptz - now()))::int as s`;
  const got = Number(header);
  assert.ok(got >= 1 && Math.abs(got - Math.max(1, s)) <= 2, `${got} vs ${s}`);
}

/** A booking for `slot` by `who` (email and phone). */
function booking(
  slot: { date: string; time: string },
  email: string,
  phone: string,
): Record<string, unknown> {
  return bookingBody(slot.date, slot.time, {
    customer: { name: "Pat Customer", email, phone },
  });
}

function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

Deno.test({
  name:
    "abuse limits: 3rd hold and 4th unpaid booking per email/phone/client → 429 TOO_MANY_PENDING, counted by the database",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startApp({
      serve: true,
      clock: fixedClock(now),
      // Generous per-IP request rates: only the abuse limits are under test.
      env: {
        TRUST_PROXY: "1",
        RATE_LIMITS: "quote=1000/60s,holds=1000/60s,bookings=1000/60s",
      },
    });
    try {
      const slots = await openSlots(app, 60);
      let next = 0;
      const slot = () => slots[next++];

      await t.step("a client keeps at most 2 unexpired holds", async () => {
        const a = "203.0.113.10";
        const h1 = await post(app, "/api/holds", slot(), a);
        const h2 = await post(app, "/api/holds", slot(), a);
        assert.deepEqual([h1.status, h2.status], [201, 201]);
        const third = await post(app, "/api/holds", slot(), a);
        assert.equal(third.status, 429);
        assert.equal(third.body.error.code, "TOO_MANY_PENDING");
        assert.deepEqual(third.body.error.issues, []);
        // Retry when the first of the client's holds expires.
        const [{ first }] = await app.db.sql<{ first: string }[]>`
          select min(expires_at)::text as first from public.holds
          where expires_at > now() and converted_booking_id is null
            and client_hash is not null`;
        await assertRetryAfter(app, third.headers, first);
        // Nothing was written for the refused hold.
        const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.holds
          where expires_at > now() and converted_booking_id is null
            and client_hash is not null`;
        assert.equal(n, 2);
        // Another client is not affected.
        const other = await post(app, "/api/holds", slot(), "203.0.113.11");
        assert.equal(other.status, 201);
        // Releasing one frees a place for the first client.
        const del = await fetch(`${app.url}/api/holds/${h1.body.holdId}`, {
          method: "DELETE",
          headers: { "x-forwarded-for": a },
        });
        assert.equal(del.status, 204);
        await del.body?.cancel();
        const again = await post(app, "/api/holds", slot(), a);
        assert.equal(again.status, 201);
      });

      await t.step(
        "a hold converted into a booking no longer counts",
        async () => {
          const c = "203.0.113.12";
          const s1 = slot();
          const h1 = await post(app, "/api/holds", s1, c);
          const h2 = await post(app, "/api/holds", slot(), c);
          assert.deepEqual([h1.status, h2.status], [201, 201]);
          const booked = await post(app, "/api/bookings", {
            ...booking(s1, "convert@example.com", "510-555-0111"),
            holdId: h1.body.holdId,
          }, c);
          assert.equal(booked.status, 201);
          const h3 = await post(app, "/api/holds", slot(), c);
          assert.equal(h3.status, 201);
        },
      );

      await t.step(
        "4th unpaid booking from one client (new emails and phones) → 429",
        async () => {
          const c = "203.0.113.20";
          for (let i = 0; i < 3; i++) {
            const ok = await post(
              app,
              "/api/bookings",
              booking(slot(), `client${i}@example.com`, `510-555-02${i}0`),
              c,
            );
            assert.equal(ok.status, 201, JSON.stringify(ok.body));
          }
          const s = slot();
          const fourth = await post(
            app,
            "/api/bookings",
            booking(s, "client9@example.com", "510-555-0290"),
            c,
          );
          assert.equal(fourth.status, 429);
          assert.equal(fourth.body.error.code, "TOO_MANY_PENDING");
          assert.deepEqual(fourth.body.error.issues, []);
          // Retry when the oldest counted unpaid booking is 24 hours old.
          const [{ oldest }] = await app.db.sql<{ oldest: string }[]>`
            select (min(created_at) + interval '24 hours')::text as oldest
            from public.bookings
            where status = 'pending_deposit' and client_hash is not null
              and created_at > now() - interval '24 hours'
              and client_hash = (select client_hash from public.bookings
                                 where status = 'pending_deposit'
                                   and client_hash is not null
                                 order by created_at desc limit 1)`;
          await assertRetryAfter(app, fourth.headers, oldest);
          const [{ n }] = await app.db.sql<{ n: number }[]>`
            select count(*)::int as n from public.customers
            where email = 'client9@example.com'`;
          assert.equal(n, 0, "the refused booking wrote nothing");
          // The same booking from another client goes through.
          const other = await post(
            app,
            "/api/bookings",
            booking(s, "client9@example.com", "510-555-0290"),
            "203.0.113.21",
          );
          assert.equal(other.status, 201);
        },
      );

      await t.step(
        "4th unpaid booking for one email (any case, other clients and phones) → 429 naming customer.email",
        async () => {
          for (let i = 0; i < 3; i++) {
            const ok = await post(
              app,
              "/api/bookings",
              booking(slot(), "same@example.com", `510-555-03${i}0`),
              `198.51.100.${30 + i}`,
            );
            assert.equal(ok.status, 201);
          }
          const fourth = await post(
            app,
            "/api/bookings",
            booking(slot(), "SAME@Example.com", "510-555-0399"),
            "198.51.100.39",
          );
          assert.equal(fourth.status, 429);
          assert.equal(fourth.body.error.code, "TOO_MANY_PENDING");
          assert.deepEqual(
            fourth.body.error.issues.map((i: { path: string }) => i.path),
            ["customer.email"],
          );
        },
      );

      await t.step(
        "4th unpaid booking for one phone, however written → 429 naming customer.phone",
        async () => {
          const phones = ["+1 (510) 555-0400", "510.555.0400", "5105550400"];
          for (const [i, phone] of phones.entries()) {
            const ok = await post(
              app,
              "/api/bookings",
              booking(slot(), `phone${i}@example.com`, phone),
              `198.51.100.${40 + i}`,
            );
            assert.equal(ok.status, 201);
          }
          const fourth = await post(
            app,
            "/api/bookings",
            booking(slot(), "phone9@example.com", "1-510-555-0400"),
            "198.51.100.49",
          );
          assert.equal(fourth.status, 429);
          assert.deepEqual(
            fourth.body.error.issues.map((i: { path: string }) => i.path),
            ["customer.phone"],
          );
        },
      );

      await t.step(
        "a paid booking, or one older than the window, no longer counts",
        async () => {
          const [first] = await app.db.sql<{ id: string }[]>`
            select b.id from public.bookings b
            join public.customers c on c.id = b.customer_id
            where c.email = 'same@example.com' order by b.created_at limit 1`;
          await app.db.sql`
            update public.bookings set status = 'confirmed' where id = ${first.id}`;
          const paid = await post(
            app,
            "/api/bookings",
            booking(slot(), "same@example.com", "510-555-0398"),
            "198.51.100.38",
          );
          assert.equal(paid.status, 201);
          const blocked = await post(
            app,
            "/api/bookings",
            booking(slot(), "same@example.com", "510-555-0397"),
            "198.51.100.37",
          );
          assert.equal(blocked.status, 429);
          // Made 25 hours ago (created_at is otherwise immutable).
          await app.db.sql.begin(async (tx) => {
            await tx`set local session_replication_role = replica`;
            await tx`
              update public.bookings set created_at = created_at - interval '25 hours'
              where id = (select b.id from public.bookings b
                join public.customers c on c.id = b.customer_id
                where c.email = 'same@example.com' and b.status = 'pending_deposit'
                order by b.created_at limit 1)`;
          });
          const later = await post(
            app,
            "/api/bookings",
            booking(slot(), "same@example.com", "510-555-0396"),
            "198.51.100.36",
          );
          assert.equal(later.status, 201);
        },
      );

      await t.step(
        "the limits are the settings in force (admins edit them on /admin/settings)",
        async () => {
          await app.db.sql`
            update public.settings_versions set max_holds_per_client = 1,
              max_unpaid_bookings = 1
            where id = (app.settings_at(app.business_today())).id`;
          try {
            const c = "203.0.113.50";
            assert.equal(
              (await post(app, "/api/holds", slot(), c)).status,
              201,
            );
            assert.equal(
              (await post(app, "/api/holds", slot(), c)).status,
              429,
            );
            const b1 = await post(
              app,
              "/api/bookings",
              booking(slot(), "one@example.com", "510-555-0500"),
              "203.0.113.51",
            );
            assert.equal(b1.status, 201);
            const b2 = await post(
              app,
              "/api/bookings",
              booking(slot(), "one@example.com", "510-555-0501"),
              "203.0.113.52",
            );
            assert.equal(b2.status, 429);
          } finally {
            await app.db.sql`
              update public.settings_versions set max_holds_per_client = 2,
                max_unpaid_bookings = 3
              where id = (app.settings_at(app.business_today())).id`;
          }
        },
      );

      await t.step(
        "parallel requests cannot get past a limit: 12 bookings for one email → 3 × 201, 9 × 429; 8 holds from one client → 2 × 201",
        async () => {
          const bookings = await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              post(
                app,
                "/api/bookings",
                booking(slot(), "race@example.com", `510-555-06${10 + i}`),
                `192.0.2.${100 + i}`,
              )),
          );
          assert.deepEqual(tally(bookings.map((r) => r.status)), {
            201: 3,
            429: 9,
          });
          for (const r of bookings) {
            if (r.status === 429) {
              assert.equal(r.body.error.code, "TOO_MANY_PENDING");
            }
          }
          const [{ n }] = await app.db.sql<{ n: number }[]>`
            select count(*)::int as n from public.bookings b
            join public.customers c on c.id = b.customer_id
            where c.email = 'race@example.com'`;
          assert.equal(n, 3);
          const holds = await Promise.all(
            Array.from(
              { length: 8 },
              () => post(app, "/api/holds", slot(), "192.0.2.200"),
            ),
          );
          assert.deepEqual(tally(holds.map((r) => r.status)), {
            201: 2,
            429: 6,
          });
        },
      );
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "abuse limits: RATE_LIMITS=off turns them off",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await startApp({
      serve: true,
      clock: fixedClock(now),
      env: { RATE_LIMITS: "off" },
    });
    try {
      const slots = await openSlots(app, 7);
      for (const s of slots.slice(0, 4)) {
        const r = await post(
          app,
          "/api/bookings",
          booking(s, "loadtest@example.com", "510-555-0700"),
          "127.0.0.1",
        );
        assert.equal(r.status, 201);
      }
      for (const s of slots.slice(4)) {
        const r = await post(app, "/api/holds", s, "127.0.0.1");
        assert.equal(r.status, 201);
      }
    } finally {
      await app.dispose();
    }
  },
});
