import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addDays,
  bookingWindowAt,
  bookingWindowBounds,
  cancellationOutcome,
  canChangeGuestCount,
  canChangeMenu,
  datesInRange,
  daysBetween,
  depositDueAt,
  holdExpiresAt,
  isIsoDate,
  isIsoTime,
  isoWeekday,
  isTimeZone,
  isWithinBookingWindow,
  localDateOf,
  localTimeOf,
  rescheduleFeeCents,
  slotStartInstant,
} from "../../lib/booking_window/mod.ts";
import { DEFAULT_PRICING as S } from "../../lib/pricing/types.ts";

const LA = "America/Los_Angeles";
const iso = (d: Date) => d.toISOString();
const H = 3_600_000;

Deno.test("dates: validation, weekday and arithmetic", () => {
  assert.ok(isIsoDate("2028-02-29"));
  for (
    const bad of [
      "2026-02-29",
      "2026-13-01",
      "2026-00-10",
      "2026-1-01",
      "26-01-01",
      "2026-04-31",
      "",
    ]
  ) {
    assert.equal(isIsoDate(bad), false, bad);
  }
  assert.ok(isIsoTime("00:00") && isIsoTime("23:59") && isIsoTime("18:00"));
  for (const bad of ["24:00", "7:00", "12:60", "12:00:00", "noon"]) {
    assert.equal(isIsoTime(bad), false, bad);
  }
  assert.equal(isoWeekday("2026-03-09"), 1); // Monday
  assert.equal(isoWeekday("2026-03-08"), 7); // Sunday
  assert.equal(addDays("2026-02-28", 1), "2026-03-01");
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  assert.equal(addDays("2026-01-01", -1), "2025-12-31");
  assert.equal(daysBetween("2026-03-01", "2026-03-31"), 30);
  // DST does not change day counts of calendar dates
  assert.equal(daysBetween("2026-03-07", "2026-03-09"), 2);
  assert.deepEqual(datesInRange("2026-03-07", "2026-03-09"), [
    "2026-03-07",
    "2026-03-08",
    "2026-03-09",
  ]);
  assert.deepEqual(datesInRange("2026-03-09", "2026-03-07"), []);
});

Deno.test("slotStartInstant: Los Angeles across spring-forward", () => {
  // PST (UTC−8) on Saturday 2026-03-07; PDT (UTC−7) from Sunday 2026-03-08 02:00
  assert.equal(
    iso(slotStartInstant("2026-03-07", "12:00", LA)),
    "2026-03-07T20:00:00.000Z",
  );
  assert.equal(
    iso(slotStartInstant("2026-03-07", "21:00", LA)),
    "2026-03-08T05:00:00.000Z",
  );
  assert.equal(
    iso(slotStartInstant("2026-03-08", "12:00", LA)),
    "2026-03-08T19:00:00.000Z",
  );
  assert.equal(
    iso(slotStartInstant("2026-03-08", "21:00", LA)),
    "2026-03-09T04:00:00.000Z",
  );
  // the missing hour: 02:30 does not exist and moves forward to 03:30 PDT
  assert.equal(
    iso(slotStartInstant("2026-03-08", "02:30", LA)),
    "2026-03-08T10:30:00.000Z",
  );
  // Saturday 18:00 to Sunday 18:00 is only 23 real hours
  const sat = slotStartInstant("2026-03-07", "18:00", LA);
  const sun = slotStartInstant("2026-03-08", "18:00", LA);
  assert.equal((sun.getTime() - sat.getTime()) / H, 23);
});

Deno.test("slotStartInstant: Los Angeles across fall-back", () => {
  // PDT on Saturday 2026-10-31; PST from Sunday 2026-11-01 02:00 (back to 01:00)
  assert.equal(
    iso(slotStartInstant("2026-10-31", "12:00", LA)),
    "2026-10-31T19:00:00.000Z",
  );
  assert.equal(
    iso(slotStartInstant("2026-11-01", "12:00", LA)),
    "2026-11-01T20:00:00.000Z",
  );
  // 01:30 happens twice; the first (PDT) is chosen
  assert.equal(
    iso(slotStartInstant("2026-11-01", "01:30", LA)),
    "2026-11-01T08:30:00.000Z",
  );
  const sat = slotStartInstant("2026-10-31", "18:00", LA);
  const sun = slotStartInstant("2026-11-01", "18:00", LA);
  assert.equal((sun.getTime() - sat.getTime()) / H, 25);
});

Deno.test("slotStartInstant: other zones and bad input", () => {
  assert.equal(
    iso(slotStartInstant("2026-07-01", "18:00", "UTC")),
    "2026-07-01T18:00:00.000Z",
  );
  assert.equal(
    iso(slotStartInstant("2026-07-01", "18:00", "America/New_York")),
    "2026-07-01T22:00:00.000Z",
  );
  assert.equal(isTimeZone(LA), true);
  assert.equal(isTimeZone("Mars/Olympus_Mons"), false);
  assert.throws(
    () => slotStartInstant("2026-07-01", "18:00", "Mars/Olympus_Mons"),
    RangeError,
  );
  assert.throws(() => slotStartInstant("2026-02-30", "18:00", LA), RangeError);
  assert.throws(() => slotStartInstant("2026-07-01", "25:00", LA), RangeError);
});

Deno.test("property: local date/time round-trips through the instant in LA", () => {
  // Calendar dates 2020-01-01 … 2035-12-31, by day count (no instant involved).
  const dateArb = fc.integer({
    min: 0,
    max: daysBetween("2020-01-01", "2035-12-31"),
  })
    .map((n) => addDays("2020-01-01", n));
  fc.assert(
    fc.property(dateArb, fc.constantFrom(...S.slotTimes), (date, time) => {
      const t = slotStartInstant(date, time, LA);
      assert.equal(localDateOf(t, LA), date);
      assert.equal(localTimeOf(t, LA), time);
      // LA is always UTC−7 or UTC−8
      const offsetH = (Date.parse(`${date}T${time}:00Z`) - t.getTime()) / H;
      assert.ok(offsetH === -7 || offsetH === -8, String(offsetH));
    }),
  );
});

Deno.test("booking window: 48 h ahead to 365 days ahead, both ends included", () => {
  const now = new Date("2026-03-06T20:00:00Z"); // Friday noon PST
  const { earliest, latest } = bookingWindowBounds(now, S);
  assert.equal(iso(earliest), "2026-03-08T20:00:00.000Z");
  assert.equal(iso(latest), "2027-03-06T20:00:00.000Z");
  // Sunday 12:00 PDT is 19:00Z: only 47 real hours after Friday noon PST → refused
  assert.equal(
    isWithinBookingWindow(slotStartInstant("2026-03-08", "12:00", LA), now, S),
    false,
  );
  assert.equal(
    isWithinBookingWindow(slotStartInstant("2026-03-08", "15:00", LA), now, S),
    true,
  );
  assert.equal(isWithinBookingWindow(earliest, now, S), true);
  assert.equal(
    isWithinBookingWindow(new Date(earliest.getTime() - 1), now, S),
    false,
  );
  assert.equal(isWithinBookingWindow(latest, now, S), true);
  assert.equal(
    isWithinBookingWindow(new Date(latest.getTime() + 1), now, S),
    false,
  );
  assert.equal(
    isWithinBookingWindow(new Date(now.getTime() - H), now, S),
    false,
  );
});

Deno.test("policy: deposit refunded iff cancelled ≥ 96 h before", () => {
  const start = slotStartInstant("2026-11-03", "18:00", LA);
  const at96 = new Date(start.getTime() - 96 * H);
  assert.equal(cancellationOutcome(start, at96, S).refundDeposit, true);
  assert.equal(
    iso(cancellationOutcome(start, at96, S).refundDeadline),
    iso(at96),
  );
  assert.equal(
    cancellationOutcome(start, new Date(at96.getTime() + 1), S).refundDeposit,
    false,
  );
  assert.equal(
    cancellationOutcome(start, new Date(start.getTime() - 200 * H), S)
      .refundDeposit,
    true,
  );
  assert.equal(
    cancellationOutcome(start, new Date(start.getTime() + H), S).refundDeposit,
    false,
  );
});

Deno.test("policy: reschedule free once ≥ 24 h before, else 10000", () => {
  const start = new Date("2026-08-01T01:00:00Z");
  const at24 = new Date(start.getTime() - 24 * H);
  assert.equal(rescheduleFeeCents(start, at24, 0, S), 0);
  assert.equal(
    rescheduleFeeCents(start, new Date(at24.getTime() + 1), 0, S),
    10000,
  );
  assert.equal(
    rescheduleFeeCents(start, new Date(start.getTime() - 100 * H), 1, S),
    10000,
  );
  assert.equal(
    rescheduleFeeCents(start, new Date(start.getTime() - 100 * H), 2, S),
    10000,
  );
});

Deno.test("policy: guest count final 24 h before, menu 12 h before, deposit due 24 h, hold 15 min", () => {
  const start = new Date("2026-08-01T01:00:00Z");
  const at = (h: number) => new Date(start.getTime() - h * H);
  assert.equal(canChangeGuestCount(start, at(24), S), true);
  assert.equal(canChangeGuestCount(start, at(23.99), S), false);
  assert.equal(canChangeMenu(start, at(12), S), true);
  assert.equal(canChangeMenu(start, at(11.99), S), false);
  assert.equal(canChangeMenu(start, at(20), S), true);
  const created = new Date("2026-07-01T10:00:00Z");
  assert.equal(iso(depositDueAt(created, S)), "2026-07-02T10:00:00.000Z");
  assert.equal(iso(holdExpiresAt(created, S)), "2026-07-01T10:15:00.000Z");
});

Deno.test("property: refund and fee decisions are monotone in time", () => {
  const start = new Date("2026-09-10T01:00:00Z").getTime();
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2000 * H }),
      fc.integer({ min: 0, max: 2000 * H }),
      (a, b) => {
        const [early, late] = a >= b ? [a, b] : [b, a]; // ms before start
        const s = new Date(start);
        // refunding later but not earlier would be absurd
        if (cancellationOutcome(s, new Date(start - late), S).refundDeposit) {
          assert.ok(
            cancellationOutcome(s, new Date(start - early), S).refundDeposit,
          );
        }
        assert.ok(
          rescheduleFeeCents(s, new Date(start - early), 0, S) <=
            rescheduleFeeCents(s, new Date(start - late), 0, S),
        );
      },
    ),
  );
});

Deno.test("booking window: changeAfter is the first instant the answer flips", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 * 365 * 24 }),
      fc.integer({ min: -2, max: 2 }),
      (hoursAhead, jitterMs) => {
        const now = new Date("2026-03-06T20:00:00Z");
        const start = now.getTime() + hoursAhead * H + jitterMs;
        const w = bookingWindowAt(now, S);
        const next = w.changeAfter(start);
        const inside = isWithinBookingWindow(new Date(start), now, S);
        assert.equal(w.contains(start), inside);
        if (next === Infinity) {
          assert.equal(inside, false, "closed for good");
          return;
        }
        assert.ok(next > now.getTime());
        const at = (ms: number) =>
          isWithinBookingWindow(new Date(start), new Date(ms), S);
        // Unchanged up to the instant before, changed at it.
        assert.equal(at(next - 1), inside);
        assert.equal(at(next), !inside);
      },
    ),
  );
});
