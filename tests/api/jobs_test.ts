/**
 * The background jobs against a real seeded database: unpaid bookings expire
 * at their deposit due time (clock seam), freeing the slot with a history
 * event and an audit row; expired holds stop counting and are cleaned up;
 * the scheduler really runs on its interval.
 */
import assert from "node:assert/strict";
import {
  createBooking,
  createHold,
  releaseHold,
} from "../../lib/bookings/mod.ts";
import {
  cleanupExpiredHolds,
  expireUnpaidBookings,
  runJobsOnce,
  startJobs,
} from "../../lib/jobs/mod.ts";
import { availability } from "../../lib/bookings/mod.ts";
import { startApp } from "../support/app.ts";
import { bookingBody, FREMONT } from "./support.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";

const HOUR = 3_600_000;

Deno.test({
  name:
    "jobs: unpaid bookings expire at deposit_due_at, hold cleanup, scheduler runs",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    // The app's "now" (12:00 LA today); holds are still stamped by the
    // database's now(), so hold lifetimes are measured with the real clock.
    const now = testInstant("12:00");
    const app = await startApp({
      env: { RATE_LIMITS: "off" },
      clock: fixedClock(now),
    });
    const db = app.db;
    try {
      // A Friday (capacity 3 at Fremont) a few weeks out.
      const date = nextWeekday(5, daysAfter(now, 20));

      await t.step(
        "expiry: not before the due time, exactly at it, slot freed",
        async () => {
          const created = await createBooking(db, bookingBody(date, "12:00"), {
            now,
            baseUrl: "https://x.test",
          });
          const due = new Date(created.depositDueAt);
          assert.equal(due.getTime() - now.getTime(), 24 * HOUR);

          const early = await runJobsOnce({
            db,
            now: () => new Date(due.getTime() - 1),
          });
          assert.deepEqual(early.errors, []);
          assert.equal(early.expiredBookings, 0);
          const slotBefore = await availability(
            db,
            { from: date, to: date },
            now,
          );
          assert.equal(slotBefore.dates[0].slots[0].reserved, 1);

          const onTime = await runJobsOnce({
            db,
            now: () => due,
          });
          assert.deepEqual(onTime.errors, []);
          assert.equal(onTime.expiredBookings, 1);

          const [row] = await db
            .sql`select status from public.bookings where id = ${created.id}`;
          assert.equal(row.status, "expired");
          const events = await db.sql`
          select type, actor, before, after from public.booking_events
          where booking_id = ${created.id} order by at`;
          assert.deepEqual(events.map((e) => [e.type, e.actor]), [
            ["created", "customer"],
            ["status_changed", "system"],
          ]);
          assert.deepEqual(events[1].before, { status: "pending_deposit" });
          assert.deepEqual(events[1].after, { status: "expired" });
          const audit = await db.sql`
          select actor from public.audit_log where action = 'booking.expired' and entity_id = ${created.id}`;
          assert.equal(audit.length, 1);
          assert.equal(audit[0].actor, "system");

          const slotAfter = await availability(
            db,
            { from: date, to: date },
            now,
          );
          assert.equal(slotAfter.dates[0].slots[0].reserved, 0);
          // Idempotent: nothing left to expire.
          assert.equal(
            (await expireUnpaidBookings(db, new Date(due.getTime() + HOUR)))
              .length,
            0,
          );
        },
      );

      await t.step("confirmed bookings never expire", async () => {
        const created = await createBooking(db, bookingBody(date, "15:00"), {
          now,
          baseUrl: "https://x.test",
        });
        await db
          .sql`insert into public.payments (booking_id, kind, method, amount_cents)
          values (${created.id}, 'deposit', 'zelle', 10000)`;
        const expired = await expireUnpaidBookings(
          db,
          new Date(now.getTime() + 48 * HOUR),
        );
        assert.equal(expired.some((b) => b.id === created.id), false);
        const [row] = await db
          .sql`select status from public.bookings where id = ${created.id}`;
        assert.equal(row.status, "confirmed");
      });

      await t.step(
        "holds: count until released/expired; cleanup honours the retention clock",
        async () => {
          const hold = await createHold(db, { date, time: "21:00" }, now);
          const expiresAt = new Date(hold.expiresAt);
          // expires_at comes from the database's now(): real time.
          const minutes = (expiresAt.getTime() - Date.now()) / 60_000;
          assert.ok(
            minutes > 14 && minutes <= 15,
            `hold lasts 15 min, got ${minutes}`,
          );
          const held = await availability(db, { from: date, to: date }, now);
          assert.equal(held.dates[0].slots[3].reserved, 1);

          // Before expiry (+ retention) the cleanup leaves it alone.
          assert.equal(
            await cleanupExpiredHolds(db, new Date(expiresAt.getTime() - 1), 0),
            0,
          );
          assert.equal(await releaseHold(db, hold.holdId), true);
          const released = await availability(
            db,
            { from: date, to: date },
            now,
          );
          assert.equal(released.dates[0].slots[3].reserved, 0);
          // Within the retention period it is kept, after it deleted
          // (measured from the real expiry the database stamped).
          assert.equal(
            await cleanupExpiredHolds(db, new Date(Date.now() + 60_000)),
            0,
          );
          assert.equal(
            await cleanupExpiredHolds(db, new Date(Date.now() + 25 * HOUR)),
            1,
          );
          const [n] = await db
            .sql`select count(*)::int as n from public.holds where id = ${hold.holdId}`;
          assert.equal(n.n, 0);
        },
      );

      await t.step("the scheduler runs ticks on its interval", async () => {
        // Booked "25 hours ago": its deposit was due an hour ago.
        const past = new Date(now.getTime() - 25 * HOUR);
        const late = await createBooking(db, bookingBody(date, "18:00"), {
          now: past,
          baseUrl: "https://x.test",
        });
        const scheduler = startJobs({
          db,
          now: fixedClock(now),
          intervalMs: 50,
        });
        try {
          let status = "";
          for (let i = 0; i < 100 && status !== "expired"; i++) {
            await new Promise((r) => setTimeout(r, 50));
            [{ status }] = await db.sql<{ status: string }[]>`
              select status from public.bookings where id = ${late.id}`;
          }
          assert.equal(status, "expired");
        } finally {
          await scheduler.stop();
        }
        const [loc] = await db
          .sql`select id from public.locations where slug = 'fremont'`;
        assert.equal(loc.id, FREMONT);
      });
    } finally {
      await app.dispose();
    }
  },
});
