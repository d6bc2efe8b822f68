/**
 * The booking window (48 h … 365 days) at its exact edges, in the location's
 * zone (America/Los_Angeles), across both 2027 DST changes, through the
 * booking service on a real database with an injected clock.
 */
import assert from "node:assert/strict";
import {
  BookingError,
  createBooking,
  createHold,
} from "../../lib/bookings/mod.ts";
import { startApp } from "../support/app.ts";
import { bookingBody, writeCounts } from "./support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** [label, date, time, start instant (UTC)] — LA wall clock 12:00/18:00. */
const CASES: [string, string, string, string][] = [
  // Monday after the spring-forward Sunday (2027-03-14): 12:00 PDT = 19:00Z;
  // 48 h earlier is Saturday 11:00 PST, not 12:00.
  ["after spring forward", "2027-03-15", "12:00", "2027-03-15T19:00:00Z"],
  // Monday after the fall-back Sunday (2027-11-07): 12:00 PST = 20:00Z;
  // 48 h earlier is Saturday 13:00 PDT.
  ["after fall back", "2027-11-08", "12:00", "2027-11-08T20:00:00Z"],
  // A summer evening, 18:00 PDT = 01:00Z next day.
  ["summer evening", "2027-07-21", "18:00", "2027-07-22T01:00:00Z"],
];

Deno.test({
  name:
    "booking window edges at 48 h and 365 days in America/Los_Angeles, across DST",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startApp({ env: { RATE_LIMITS: "off" } });
    try {
      for (const [label, date, time, startIso] of CASES) {
        const start = Date.parse(startIso);
        const attempt = (nowMs: number, over: Record<string, unknown> = {}) =>
          createBooking(app.db, bookingBody(date, time, over), {
            now: new Date(nowMs),
            baseUrl: "https://x.test",
          });
        const refused = async (nowMs: number) => {
          const before = await writeCounts(app.db);
          await assert.rejects(attempt(nowMs), (e: unknown) => {
            assert.ok(e instanceof BookingError);
            assert.equal(e.status, 422);
            assert.equal(e.code, "OUTSIDE_BOOKING_WINDOW");
            return true;
          });
          await assert.rejects(
            createHold(app.db, { date, time }, new Date(nowMs)),
            BookingError,
          );
          assert.deepEqual(await writeCounts(app.db), before);
        };
        await t.step(`${label}: 48 h edge`, async () => {
          await refused(start - 48 * HOUR + 1);
          // Wall-clock arithmetic would put the edge an hour off across DST.
          await refused(start - 47 * HOUR);
          const ok = await attempt(start - 48 * HOUR);
          assert.equal(ok.status, "pending_deposit");
          assert.equal(
            ok.depositDueAt,
            new Date(start - 24 * HOUR).toISOString(),
          );
        });
        await t.step(`${label}: 365 day edge`, async () => {
          await refused(start - 365 * DAY - 1);
          const ok = await attempt(start - 365 * DAY, {
            customer: {
              name: "Early Bird",
              email: "early@example.com",
              phone: "510-555-0101",
            },
          });
          assert.equal(ok.status, "pending_deposit");
        });
      }
    } finally {
      await app.dispose();
    }
  },
});
