import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type AvailabilityInput,
  type BookingStatus,
  computeAvailability,
  eventLengthMinutes,
  holdsChef,
  slotCapacity,
} from "../../lib/availability/mod.ts";
import { DEFAULT_PRICING as S } from "../../lib/pricing/types.ts";

const LA = "America/Los_Angeles";
const everyDay = [1, 2, 3, 4, 5, 6, 7];

function base(over: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    from: "2026-06-01",
    to: "2026-06-07",
    timezone: LA,
    slotTimes: S.slotTimes,
    chefs: [
      { id: "a", weekdays: everyDay, active: true },
      { id: "b", weekdays: [1, 2, 3, 4, 5], active: true }, // weekdays only
      { id: "c", weekdays: [6, 7], active: true }, // weekends only
      { id: "d", weekdays: everyDay, active: false }, // inactive: never counts
    ],
    timeOff: [],
    blackoutDates: [],
    bookings: [],
    holds: [],
    now: new Date("2026-05-01T17:00:00Z"),
    settings: S,
    ...over,
  };
}

Deno.test("availability: SPEC shape, capacity by weekday, ordered dates and slots", () => {
  const a = computeAvailability(base());
  assert.equal(a.timezone, LA);
  assert.deepEqual(a.dates.map((d) => d.date), [
    "2026-06-01",
    "2026-06-02",
    "2026-06-03",
    "2026-06-04",
    "2026-06-05",
    "2026-06-06",
    "2026-06-07",
  ]);
  // 2026-06-01 is a Monday: chefs a + b; Saturday 06-06: a + c
  assert.deepEqual(a.dates[0], {
    date: "2026-06-01",
    slots: ["12:00", "15:00", "18:00", "21:00"].map((time) => ({
      time,
      capacity: 2,
      reserved: 0,
      available: 2,
    })),
  });
  assert.equal(a.dates[5].slots[0].capacity, 2);
  assert.deepEqual(Object.keys(a.dates[0].slots[0]), [
    "time",
    "capacity",
    "reserved",
    "available",
  ]);
});

Deno.test("availability: chef-holding bookings and unexpired holds reserve; others do not", () => {
  const now = new Date("2026-05-01T17:00:00Z");
  const statuses: BookingStatus[] = [
    "pending_deposit",
    "confirmed",
    "completed",
    "cancellation_requested",
    "cancelled",
    "expired",
    "no_show",
  ];
  const a = computeAvailability(base({
    now,
    bookings: statuses.map((status) => ({
      date: "2026-06-02",
      time: "18:00",
      status,
    })),
    holds: [
      {
        date: "2026-06-02",
        time: "12:00",
        expiresAt: new Date(now.getTime() + 60_000),
      },
      { date: "2026-06-02", time: "12:00", expiresAt: new Date(now.getTime()) }, // expired at now
      {
        date: "2026-06-02",
        time: "15:00",
        expiresAt: new Date(now.getTime() - 1),
      },
    ],
  }));
  const tue = a.dates[1].slots;
  assert.deepEqual(tue.find((s) => s.time === "18:00"), {
    time: "18:00",
    capacity: 2,
    reserved: 3,
    available: 0,
  });
  assert.deepEqual(tue.find((s) => s.time === "12:00"), {
    time: "12:00",
    capacity: 2,
    reserved: 1,
    available: 1,
  });
  assert.deepEqual(tue.find((s) => s.time === "15:00"), {
    time: "15:00",
    capacity: 2,
    reserved: 0,
    available: 2,
  });
  // SPEC §2 lists exactly pending_deposit, confirmed and completed as holding a chef.
  assert.equal(holdsChef("cancellation_requested"), false);
});

Deno.test("availability: approved time off and blackout dates remove capacity", () => {
  const a = computeAvailability(base({
    timeOff: [
      {
        chefId: "a",
        startsOn: "2026-06-02",
        endsOn: "2026-06-03",
        status: "approved",
      },
      {
        chefId: "b",
        startsOn: "2026-06-01",
        endsOn: "2026-06-07",
        status: "pending",
      },
      { chefId: "b", startsOn: "2026-06-04", endsOn: "2026-06-04" },
    ],
    blackoutDates: ["2026-06-05"],
  }));
  const cap = a.dates.map((d) => d.slots[0].capacity);
  // Mon a+b=2, Tue b=1, Wed b=1, Thu a=1, Fri blackout 0, Sat a+c=2, Sun a+c=2
  assert.deepEqual(cap, [2, 1, 1, 1, 0, 2, 2]);
  assert.equal(a.dates[4].slots.every((s) => s.available === 0), true);
});

Deno.test("availability: only slots 48 h .. 365 days ahead are available, DST-correct", () => {
  // now = Friday 2026-03-06 12:00 PST = 20:00Z; earliest = Sunday 03-08 20:00Z = 13:00 PDT
  const a = computeAvailability(base({
    from: "2026-03-05",
    to: "2026-03-09",
    now: new Date("2026-03-06T20:00:00Z"),
  }));
  const avail = Object.fromEntries(
    a.dates.map((d) => [d.date, d.slots.map((s) => s.available)]),
  );
  assert.deepEqual(avail["2026-03-05"], [0, 0, 0, 0]); // past
  assert.deepEqual(avail["2026-03-06"], [0, 0, 0, 0]);
  assert.deepEqual(avail["2026-03-07"], [0, 0, 0, 0]);
  assert.deepEqual(avail["2026-03-08"], [0, 2, 2, 2]); // 12:00 PDT is 47 h away
  assert.deepEqual(avail["2026-03-09"], [2, 2, 2, 2]);
  // capacity is still reported for unbookable slots
  assert.equal(a.dates[0].slots[0].capacity, 1 + 1);

  const far = computeAvailability(
    base({
      from: "2027-05-01",
      to: "2027-05-02",
      now: new Date("2026-05-01T19:00:00Z"),
    }),
  );
  // 365 days after 2026-05-01 12:00 PDT is 2027-05-01 12:00 PDT: 12:00 still in, 15:00 out
  assert.deepEqual(far.dates[0].slots.map((s) => s.available), [2, 0, 0, 0]);
  assert.deepEqual(far.dates[1].slots.map((s) => s.available), [0, 0, 0, 0]);
});

Deno.test("slotCapacity and event length", () => {
  assert.equal(slotCapacity("2026-06-01", [], [], []), 0);
  assert.equal(eventLengthMinutes(1), 90);
  assert.equal(eventLengthMinutes(10), 90);
  assert.equal(eventLengthMinutes(11), 105);
  assert.equal(eventLengthMinutes(20), 105);
  assert.equal(eventLengthMinutes(21), 120);
  assert.equal(eventLengthMinutes(50), 120);
});

Deno.test("property: 0 ≤ available ≤ capacity and available = max(0, capacity − reserved) in window", () => {
  const slot = fc.record({
    date: fc.constantFrom("2026-06-01", "2026-06-02", "2026-06-06"),
    time: fc.constantFrom(...S.slotTimes),
  });
  const now = new Date("2026-05-01T17:00:00Z");
  fc.assert(fc.property(
    fc.array(
      fc.record({
        id: fc.constantFrom("x", "y", "z", "w"),
        weekdays: fc.subarray(everyDay),
        active: fc.boolean(),
      }),
      {
        maxLength: 6,
      },
    ),
    fc.array(
      fc.record({
        slot,
        status: fc.constantFrom<BookingStatus>(
          "pending_deposit",
          "confirmed",
          "cancelled",
        ),
      }),
      {
        maxLength: 12,
      },
    ),
    fc.array(fc.record({ slot, minutes: fc.integer({ min: -30, max: 30 }) }), {
      maxLength: 8,
    }),
    (chefs, bookings, holds) => {
      const a = computeAvailability(base({
        from: "2026-06-01",
        to: "2026-06-06",
        chefs,
        now,
        bookings: bookings.map((b) => ({ ...b.slot, status: b.status })),
        holds: holds.map((h) => ({
          ...h.slot,
          expiresAt: new Date(now.getTime() + h.minutes * 60_000),
        })),
      }));
      for (const d of a.dates) {
        for (const s of d.slots) {
          assert.ok(s.available >= 0 && s.available <= s.capacity);
          assert.equal(s.available, Math.max(0, s.capacity - s.reserved));
          const expectReserved = bookings.filter((b) =>
            b.slot.date === d.date && b.slot.time === s.time &&
            b.status !== "cancelled"
          ).length + holds.filter((h) =>
            h.slot.date === d.date && h.slot.time === s.time && h.minutes > 0
          ).length;
          assert.equal(s.reserved, expectReserved);
        }
      }
    },
  ));
});
