import assert from "node:assert/strict";
import fc from "fast-check";
import { buildPrepList, type PrepEvent } from "../../lib/prep_list/mod.ts";
import { BOOKING_STATUSES, holdsChef } from "../../lib/booking_status/mod.ts";

function ev(over: Partial<PrepEvent> = {}): PrepEvent {
  return {
    reference: "MH-AAAAAA",
    status: "confirmed",
    slotTime: "18:00",
    adults: 8,
    children: 2,
    under6: 1,
    proteins: { chicken: 10, steak: 10 },
    extraProteins: {},
    addons: {},
    ...over,
  };
}

Deno.test("prep list: per event and totals, extra proteins counted, cancelled left out", () => {
  const list = buildPrepList("2027-05-01", "Chef Kenji", [
    ev({
      reference: "MH-BBBBBB",
      slotTime: "18:00",
      extraProteins: { lobster_tail: 3, chicken: 1 },
      addons: { gyoza: 4 },
      details: { address: "1 Main St", notes: "nut allergy" },
    }),
    ev({
      reference: "MH-CCCCCC",
      slotTime: "12:00",
      adults: 12,
      children: 0,
      under6: 0,
      proteins: { shrimp: 12, filet_mignon: 12 },
      addons: { gyoza: 2, edamame: 6 },
    }),
    ev({
      reference: "MH-DDDDDD",
      status: "cancelled",
      addons: { yakisoba: 9 },
    }),
  ]);
  assert.deepEqual(list, {
    date: "2027-05-01",
    chef: "Chef Kenji",
    guests: 23,
    proteins: {
      chicken: 11,
      filet_mignon: 12,
      lobster_tail: 3,
      shrimp: 12,
      steak: 10,
    },
    addons: { edamame: 6, gyoza: 6 },
    events: [
      {
        reference: "MH-CCCCCC",
        slotTime: "12:00",
        guests: 12,
        adults: 12,
        children: 0,
        under6: 0,
        proteins: { filet_mignon: 12, shrimp: 12 },
        addons: { edamame: 6, gyoza: 2 },
      },
      {
        reference: "MH-BBBBBB",
        slotTime: "18:00",
        guests: 11,
        adults: 8,
        children: 2,
        under6: 1,
        proteins: { chicken: 11, lobster_tail: 3, steak: 10 },
        addons: { gyoza: 4 },
        details: { address: "1 Main St", notes: "nut allergy" },
      },
    ],
  });
});

Deno.test("prep list: an empty day", () => {
  assert.deepEqual(buildPrepList("2027-05-01", null, []), {
    date: "2027-05-01",
    chef: null,
    guests: 0,
    proteins: {},
    addons: {},
    events: [],
  });
});

const counts = fc.dictionary(
  fc.constantFrom("chicken", "steak", "shrimp", "tofu", "gyoza", "edamame"),
  fc.integer({ min: 0, max: 40 }),
);
const prepEvent = fc.record<PrepEvent>({
  reference: fc.stringMatching(/^MH-[A-Z2-9]{6}$/),
  status: fc.constantFrom(...BOOKING_STATUSES),
  slotTime: fc.constantFrom("12:00", "15:00", "18:00", "21:00"),
  adults: fc.integer({ min: 0, max: 30 }),
  children: fc.integer({ min: 0, max: 20 }),
  under6: fc.integer({ min: 0, max: 10 }),
  proteins: counts,
  extraProteins: counts,
  addons: counts,
});

Deno.test("property: totals are the sums of the listed events; only chef-holding events listed", () => {
  fc.assert(fc.property(fc.array(prepEvent, { maxLength: 8 }), (events) => {
    const list = buildPrepList("2027-05-01", "x", events);
    const kept = events.filter((e) => holdsChef(e.status));
    assert.equal(list.events.length, kept.length);
    assert.equal(
      list.guests,
      kept.reduce((n, e) => n + e.adults + e.children + e.under6, 0),
    );
    const sum = (pick: (e: PrepEvent) => Record<string, number>[]) => {
      const out: Record<string, number> = {};
      for (const e of kept) {
        for (const c of pick(e)) {
          for (const [k, v] of Object.entries(c)) {
            if (v > 0) out[k] = (out[k] ?? 0) + v;
          }
        }
      }
      return out;
    };
    assert.deepEqual(
      list.proteins,
      sumSorted(sum((e) => [e.proteins, e.extraProteins])),
    );
    assert.deepEqual(list.addons, sumSorted(sum((e) => [e.addons])));
    for (let i = 1; i < list.events.length; i++) {
      assert.ok(list.events[i - 1].slotTime <= list.events[i].slotTime);
    }
  }));
});

function sumSorted(c: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
