/**
 * Staff operations on real PostgreSQL (issue 10): the races the database
 * must settle (one chef assigned concurrently to two bookings of one slot,
 * approve vs cancel on one booking, one Idempotency-Key sent twice at once),
 * and the pure TypeScript rules agreeing with their SQL twins
 * (transitions, cancellation refund, chef ranking). PGlite runs one session,
 * so the races need PostgreSQL; the agreement checks run on either.
 */
import assert from "node:assert/strict";
import { type Db, withClaims } from "../../lib/db/mod.ts";
import {
  BOOKING_STATUSES,
  cancellationRefundCents,
  canTransition,
} from "../../lib/booking_status/mod.ts";
import {
  type ChefCandidate,
  rankChefs,
  type UnavailableReason,
} from "../../lib/chef_assignment/mod.ts";
import { adminUrl, freshTestDb } from "../support/test_db.ts";
import {
  bookingPayload,
  CHEFS,
  nextIsoWeekday,
  staffClaims,
} from "./fixtures.ts";

const pgUrl = await adminUrl();
const manager = staffClaims("manager");

type PgError = { constraint_name?: string; message: string };

function settle<T>(attempts: Promise<T>[]) {
  return Promise.allSettled(attempts).then((all) => ({
    ok: all.filter((r) => r.status === "fulfilled").length,
    reasons: all.flatMap((r) =>
      r.status === "rejected" ? [r.reason as PgError] : []
    ),
  }));
}

async function newBooking(db: Db, date: string, slot: string) {
  const { payload, token } = await bookingPayload(date, slot);
  const [b] = await withClaims(
    db,
    null,
    (tx) =>
      tx<{ id: string; reference: string }[]>`
        select id, reference from app.create_booking(${
        JSON.stringify(payload)
      }::text::jsonb)`,
  );
  return { ...b, token };
}

Deno.test({
  name: "postgres: staff races settle in the database",
  ignore: pgUrl === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(ctx) {
    const t = await freshTestDb({ seed: true, max: 30 });
    try {
      await ctx.step(
        "one chef assigned concurrently to two bookings of one slot: one wins, one CHEF_UNAVAILABLE",
        async () => {
          // Several rounds, each a fresh Saturday slot (4 Fremont chefs work).
          for (let round = 0; round < 6; round++) {
            const sat = nextIsoWeekday(6, `2027-0${1 + round}-01`);
            const a = await newBooking(t.db, sat, "18:00");
            const b = await newBooking(t.db, sat, "18:00");
            const r = await settle([a, b].map((bk) =>
              withClaims(
                t.db,
                manager,
                (tx) =>
                  tx`select app.assign_chef(${bk.reference}, ${CHEFS.chef1})`,
              )
            ));
            assert.equal(r.ok, 1, `round ${round}`);
            assert.equal(r.reasons.length, 1);
            assert.equal(
              r.reasons[0].constraint_name,
              "chef_available",
              r.reasons[0].message,
            );
            const [n] = await t.db.sql`select count(*)::int as n from bookings
              where chef_id = ${CHEFS.chef1} and event_date = ${sat} and slot_time = '18:00'`;
            assert.equal(n.n, 1);
          }
        },
      );

      await ctx.step(
        "approve vs cancel racing on one booking: exactly one wins, the other INVALID_TRANSITION",
        async () => {
          const date = nextIsoWeekday(7, "2027-07-01");
          for (let i = 0; i < 8; i++) {
            const bk = await newBooking(t.db, date, ["12:00", "15:00"][i % 2]);
            await withClaims(
              t.db,
              null,
              (tx) =>
                tx`select app.request_cancellation(${bk.reference}, ${bk.token}, 'race')`,
            );
            const r = await settle([
              withClaims(
                t.db,
                manager,
                (tx) =>
                  tx`select app.staff_booking_action(${bk.reference}, 'approve_cancellation')`,
              ),
              withClaims(
                t.db,
                manager,
                (tx) =>
                  tx`select app.staff_booking_action(${bk.reference}, 'reject_cancellation')`,
              ),
              withClaims(
                t.db,
                manager,
                (tx) =>
                  tx`select app.staff_booking_action(${bk.reference}, 'cancel', 'on the phone')`,
              ),
            ]);
            // Each of the three decides the request; whatever the order,
            // the history shows exactly one decision on it (a cancel after a
            // reject is a second, separate step from pending_deposit).
            assert.ok(r.ok >= 1, `booking ${i}`);
            for (const e of r.reasons) {
              assert.equal(
                e.constraint_name,
                "bookings_status_transition",
                e.message,
              );
            }
            const decisions = await t.db.sql<{ type: string }[]>`
              select e.type from booking_events e
              where e.booking_id = ${bk.id}
                and e.before ->> 'status' = 'cancellation_requested'`;
            assert.equal(decisions.length, 1, JSON.stringify(decisions));
            const [row] = await t.db
              .sql`select status from bookings where id = ${bk.id}`;
            assert.ok(["cancelled", "pending_deposit"].includes(row.status));
          }
          // The plain pair: approve vs cancel on a request → one of them.
          for (let i = 0; i < 8; i++) {
            const bk = await newBooking(t.db, date, "18:00");
            await withClaims(
              t.db,
              null,
              (tx) =>
                tx`select app.request_cancellation(${bk.reference}, ${bk.token}, 'race')`,
            );
            const r = await settle([
              withClaims(
                t.db,
                manager,
                (tx) =>
                  tx`select app.staff_booking_action(${bk.reference}, 'approve_cancellation')`,
              ),
              withClaims(
                t.db,
                manager,
                (tx) =>
                  tx`select app.staff_booking_action(${bk.reference}, 'cancel', 'on the phone')`,
              ),
            ]);
            assert.equal(r.ok, 1);
            assert.equal(
              r.reasons[0].constraint_name,
              "bookings_status_transition",
            );
            const [n] = await t.db
              .sql`select count(*)::int as n from booking_events
              where booking_id = ${bk.id} and after ->> 'status' = 'cancelled'`;
            assert.equal(n.n, 1);
          }
        },
      );

      await ctx.step(
        "one Idempotency-Key sent twice at once: one ledger row, both answer it",
        async () => {
          const bk = await newBooking(
            t.db,
            nextIsoWeekday(6, "2027-08-01"),
            "12:00",
          );
          const attempts = Array.from({ length: 6 }, () =>
            withClaims(
              t.db,
              manager,
              (tx) =>
                tx<{ r: { payment: { id: string }; replayed: boolean } }[]>`
                  select app.record_payment(${bk.reference}, 'zelle', 10000, null, ${`k-${bk.id}`}) as r`,
            ));
          const results = await Promise.all(attempts);
          const ids = new Set(results.map(([x]) => x.r.payment.id));
          assert.equal(ids.size, 1);
          assert.equal(results.filter(([x]) => !x.r.replayed).length, 1);
          const [n] = await t.db
            .sql`select count(*)::int as n from payments where booking_id = ${bk.id}`;
          assert.equal(n.n, 1);
          const [s] = await t.db
            .sql`select status from bookings where id = ${bk.id}`;
          assert.equal(s.status, "confirmed");
        },
      );
    } finally {
      await t.dispose();
    }
  },
});

Deno.test({
  name: "lib/ rules agree with their SQL twins",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(ctx) {
    const t = await freshTestDb({ seed: true });
    try {
      await ctx.step(
        "transition table = app.booking_transition_allowed",
        async () => {
          const rows = await t.db.sql<{ f: string; t: string; ok: boolean }[]>`
          select f, t, app.booking_transition_allowed(f, t) as ok
          from unnest(${BOOKING_STATUSES as unknown as string[]}::text[]) f,
               unnest(${BOOKING_STATUSES as unknown as string[]}::text[]) t`;
          assert.equal(rows.length, 49);
          for (const r of rows) {
            assert.equal(
              canTransition(r.f as never, r.t as never),
              r.ok,
              `${r.f} → ${r.t}`,
            );
          }
        },
      );

      await ctx.step(
        "cancellation refund = app.cancellation_refund_cents",
        async () => {
          const start = new Date("2027-05-02T01:00:00Z");
          for (const paid of [-100, 0, 5000, 10000, 25000]) {
            for (const hours of [0, 95, 96, 97, 500]) {
              const requestedAt = new Date(start.getTime() - hours * 3_600_000);
              const [r] = await t.db.sql<{ n: number }[]>`
              select app.cancellation_refund_cents(${paid}, 10000, ${requestedAt}, ${start}, 96) as n`;
              assert.equal(
                r.n,
                cancellationRefundCents({
                  paidCents: paid,
                  depositCents: 10000,
                  requestedAt,
                  eventStartsAt: start,
                  freeCancellationHours: 96,
                }),
                `paid ${paid}, ${hours} h before`,
              );
            }
          }
        },
      );

      await ctx.step(
        "rankChefs = app.chef_suggestions (order, scores, breakdowns)",
        async () => {
          const sat = nextIsoWeekday(6, "2027-09-01");
          const a = await newBooking(t.db, sat, "18:00");
          const b = await newBooking(t.db, sat, "18:00");
          await t.db
            .sql`update chefs set max_party_size = 8 where id = ${CHEFS.chef3}`;
          await withClaims(
            t.db,
            manager,
            (tx) => tx`select app.assign_chef(${b.reference}, ${CHEFS.chef2})`,
          );
          const distances = {
            [CHEFS.chef1]: 3,
            [CHEFS.chef2]: 17,
            [CHEFS.chef3]: 41,
          };
          const sql = await withClaims(
            t.db,
            manager,
            (tx) =>
              tx<{
                chef_id: string;
                name: string;
                score: string;
                available: boolean;
                unavailable_reason: string | null;
                breakdown: Record<string, number>;
                miles: number | null;
                week_events: number;
                max_party_size: number;
                rating: string;
              }[]>`select * from app.chef_suggestions(${a.reference}, ${
                JSON.stringify(distances)
              }::text::jsonb)`,
          );
          const candidates: ChefCandidate[] = sql.map((r) => ({
            chefId: r.chef_id,
            name: r.name,
            miles: r.miles,
            maxPartySize: r.max_party_size,
            weekEvents: r.week_events,
            rating: Number(r.rating),
            preference: "none",
            unavailableReason: r.unavailable_reason as UnavailableReason | null,
          }));
          const ts = rankChefs(candidates.slice().reverse(), { guests: 10 });
          assert.deepEqual(ts.map((s) => s.chefId), sql.map((r) => r.chef_id));
          for (const [i, s] of ts.entries()) {
            assert.ok(Math.abs(s.score - Number(sql[i].score)) < 0.005);
            for (const [k, v] of Object.entries(s.breakdown)) {
              assert.ok(Math.abs(v - Number(sql[i].breakdown[k])) < 0.005, k);
            }
          }
          assert.equal(
            sql.find((r) => r.chef_id === CHEFS.chef2)?.unavailable_reason,
            "busy",
          );
        },
      );
    } finally {
      await t.dispose();
    }
  },
});
