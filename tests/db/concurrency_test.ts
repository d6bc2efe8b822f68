/**
 * The slot-capacity and chef invariants under real concurrency: many
 * PostgreSQL connections racing for one slot (SPEC §6: 200 attempts, capacity
 * 3, exactly 3 succeed). PGlite serialises everything through one session, so
 * these run only against PostgreSQL.
 */
import assert from "node:assert/strict";
import { type Db, withClaims } from "../../lib/db/mod.ts";
import { adminUrl, freshTestDb } from "../support/test_db.ts";
import {
  bookingPayload,
  CHEFS,
  FREMONT,
  nextIsoWeekday,
  staffClaims,
} from "./fixtures.ts";

const pgUrl = await adminUrl();
const ignore = pgUrl === null;
if (ignore) {
  console.log(
    "concurrency_test: skipped — needs PostgreSQL (set DATABASE_URL or install initdb/pg_ctl)",
  );
}

// Fremont on Fridays (ISO 5): chef1, chef2, chef3 work → capacity 3.
const FRIDAY = nextIsoWeekday(5);
const SATURDAY = nextIsoWeekday(6);
const ATTEMPTS = 200;

function settle<T>(attempts: Promise<T>[]) {
  return Promise.allSettled(attempts).then((all) => ({
    ok: all.filter((r) => r.status === "fulfilled").length,
    reasons: all.flatMap((r) =>
      r.status === "rejected"
        ? [r.reason as { constraint_name?: string; message: string }]
        : []
    ),
  }));
}

function attemptBooking(db: Db, date: string, slot: string) {
  return bookingPayload(date, slot).then(({ payload }) =>
    withClaims(
      db,
      null,
      (tx) =>
        tx`select id from app.create_booking(${
          JSON.stringify(payload)
        }::text::jsonb)`,
    )
  );
}

Deno.test({
  name:
    "postgres: concurrent bookings, holds and chef assignments never exceed the slot",
  ignore,
  async fn(ctx) {
    const t = await freshTestDb({ seed: true, max: 40 });
    try {
      const [cap] = await t.db
        .sql`select app.slot_capacity(${FREMONT}, ${FRIDAY}, '18:00') as n`;
      assert.equal(cap.n, 3);

      await ctx.step(
        `${ATTEMPTS} concurrent bookings for a capacity-3 slot: exactly 3 stored`,
        async () => {
          const r = await settle(
            Array.from(
              { length: ATTEMPTS },
              () => attemptBooking(t.db, FRIDAY, "18:00"),
            ),
          );
          assert.equal(r.ok, 3);
          assert.equal(r.reasons.length, ATTEMPTS - 3);
          for (const e of r.reasons) {
            assert.equal(e.constraint_name, "slot_capacity", e.message);
          }
          const [n] = await t.db.sql`select count(*)::int as n from bookings
          where location_id = ${FREMONT} and event_date = ${FRIDAY} and slot_time = '18:00'`;
          assert.equal(n.n, 3);
        },
      );

      await ctx.step(
        `${ATTEMPTS} concurrent holds for a capacity-3 slot: exactly 3 stored`,
        async () => {
          const r = await settle(
            Array.from(
              { length: ATTEMPTS },
              () =>
                withClaims(
                  t.db,
                  null,
                  (tx) =>
                    tx`select id from app.create_hold(${FREMONT}, ${FRIDAY}, '15:00')`,
                ),
            ),
          );
          assert.equal(r.ok, 3);
          for (const e of r.reasons) {
            assert.equal(e.constraint_name, "slot_capacity", e.message);
          }
          const [n] = await t.db
            .sql`select count(*)::int as n from holds where event_date = ${FRIDAY} and slot_time = '15:00'`;
          assert.equal(n.n, 3);
        },
      );

      await ctx.step(
        "holds and bookings racing together share the 3 units",
        async () => {
          const attempts = Array.from(
            { length: ATTEMPTS },
            (_, i) =>
              i % 2 ? attemptBooking(t.db, FRIDAY, "12:00") : withClaims(
                t.db,
                null,
                (tx) =>
                  tx`select id from app.create_hold(${FREMONT}, ${FRIDAY}, '12:00')`,
              ),
          );
          const r = await settle(attempts);
          assert.equal(r.ok, 3);
          const [a] = await withClaims(
            t.db,
            null,
            (tx) =>
              tx`select reserved, available from slot_availability(${FREMONT}, ${FRIDAY}, ${FRIDAY}) where slot_time = '12:00'`,
          );
          assert.deepEqual({ ...a }, { reserved: 3, available: 0 });
        },
      );

      await ctx.step(
        "one chef assigned concurrently to four bookings of one slot: exactly one wins",
        async () => {
          const ids: string[] = [];
          for (let i = 0; i < 4; i++) {
            const [b] = await attemptBooking(t.db, SATURDAY, "18:00");
            ids.push(b.id);
          }
          const attempts = Array.from(
            { length: 80 },
            (_, i) =>
              withClaims(
                t.db,
                staffClaims("manager"),
                (tx) =>
                  tx`update bookings set chef_id = ${CHEFS.chef1} where id = ${
                    ids[i % 4]
                  } and chef_id is null`,
              ),
          );
          const r = await settle(attempts);
          for (const e of r.reasons) {
            assert.equal(
              e.constraint_name,
              "bookings_chef_slot_key",
              e.message,
            );
          }
          const [n] = await t.db
            .sql`select count(*)::int as n from bookings where chef_id = ${CHEFS.chef1}
          and event_date = ${SATURDAY} and slot_time = '18:00'`;
          assert.equal(n.n, 1);
        },
      );

      await ctx.step(
        "reschedules racing into a slot with one free unit: exactly one moves",
        async () => {
          // Fremont Friday 21:00: capacity 3; fill 2, then 12 bookings race to move into the last unit.
          await attemptBooking(t.db, FRIDAY, "21:00");
          await attemptBooking(t.db, FRIDAY, "21:00");
          const movers: { reference: string; token: string }[] = [];
          const nextFriday = nextIsoWeekday(5, "2027-06-01");
          // Twelve bookings fill the four slots (capacity 3 each) of a later Friday.
          for (let i = 0; i < 12; i++) {
            const { payload, token } = await bookingPayload(
              nextFriday,
              ["12:00", "15:00", "18:00", "21:00"][i % 4],
            );
            const [b] = await withClaims(
              t.db,
              null,
              (tx) =>
                tx<
                  { reference: string }[]
                >`select reference from app.create_booking(${
                  JSON.stringify(payload)
                }::text::jsonb)`,
            );
            movers.push({ reference: b.reference, token });
          }
          const r = await settle(
            movers.map((m) =>
              withClaims(
                t.db,
                null,
                (tx) =>
                  tx`select id from app.reschedule_booking(${m.reference}, ${m.token}, ${FRIDAY}, '21:00', 0)`,
              )
            ),
          );
          assert.equal(r.ok, 1);
          for (const e of r.reasons) {
            assert.equal(e.constraint_name, "slot_capacity", e.message);
          }
          const [n] = await t.db.sql`select count(*)::int as n from bookings
            where location_id = ${FREMONT} and event_date = ${FRIDAY} and slot_time = '21:00'`;
          assert.equal(n.n, 3);
        },
      );
    } finally {
      await t.dispose();
    }
  },
});
