/**
 * The insights rules on fixed fixtures: the forecast beats seasonal-naive in
 * the rolling-origin backtest on the seeded history, uses the bookings on
 * the books, weekday seasonality, holidays and trend; intervals hold the
 * expectation; suggestions respect the admin bounds; menu performance
 * counts attach rates, revenue and bundles.
 */
import assert from "node:assert/strict";
import { isoWeekday } from "../../lib/booking_window/dates.ts";
import { backtestDemand, errorSummary } from "../../lib/insights/backtest.ts";
import {
  fitDemandModel,
  forecastDay,
  forecastDemand,
  poissonQuantile,
} from "../../lib/insights/forecast.ts";
import { usHolidays } from "../../lib/insights/holidays.ts";
import { type MenuBooking, menuPerformance } from "../../lib/insights/menu.ts";
import {
  MAX_PROMOTIONS,
  pricingSuggestions,
  PROMOTION_MIN_LEAD_DAYS,
  revenueAt,
} from "../../lib/insights/suggestions.ts";
import type { ForecastDay } from "../../lib/insights/types.ts";
import {
  FREMONT,
  SACRAMENTO,
  seededDemand,
  syntheticDemand,
} from "./fixtures.ts";

const holidays = await usHolidays();
const noHolidays = () => null;
/** The day after the seeded history's last complete date. */
const TODAY = "2026-11-01";

for (const [name, id] of [["Fremont", FREMONT], ["Sacramento", SACRAMENTO]]) {
  Deno.test(`backtest: the model beats seasonal-naive on ${name}'s seeded history`, () => {
    const bt = backtestDemand(seededDemand(id), TODAY, holidays);
    assert.equal(bt.weeks, 12);
    assert.equal(bt.days, 84);
    assert.ok(bt.mae < bt.baselineMae, `MAE ${bt.mae} vs ${bt.baselineMae}`);
    assert.ok(
      bt.mape < bt.baselineMape,
      `MAPE ${bt.mape} vs ${bt.baselineMape}`,
    );
    // Not only the book: the seasonal prior alone beats the baseline too.
    assert.ok(bt.priorMae < bt.baselineMae, `prior MAE ${bt.priorMae}`);
    assert.ok(bt.priorMape < bt.baselineMape, `prior MAPE ${bt.priorMape}`);
    // An 80 % interval that holds most actuals without being useless.
    assert.ok(bt.coverage >= 70, `coverage ${bt.coverage}`);
  });
}

Deno.test("backtest: origins see only bookings made before them", () => {
  // Every booking is made 10 days ahead; a later booking for a past date
  // would leak the answer. Demand triples on the last 4 weeks: a fitted
  // model cannot know it earlier than the lead time allows.
  const base = syntheticDemand(
    "2025-06-01",
    "2026-10-31",
    (d) => isoWeekday(d) >= 6 ? 3 : 1,
  );
  const leak = [...base, {
    eventDate: "2026-10-20",
    bookedOn: "2026-11-05",
  }];
  const model = fitDemandModel(leak, "2026-10-15", noHolidays);
  assert.equal(model.daily.get("2026-10-20"), undefined);
  assert.equal(model.onBooks.get("2026-10-20"), 1);
});

Deno.test("forecast: 90 days, ordered, intervals around the expectation, on-the-books included", () => {
  const demand = seededDemand(FREMONT);
  const model = fitDemandModel(demand, TODAY, holidays);
  const days = forecastDemand(model, 90);
  assert.equal(days.length, 90);
  assert.equal(days[0].date, TODAY);
  assert.equal(days[89].date, "2027-01-29");
  for (const d of days) {
    assert.ok(d.low <= d.expected + 1e-9 && d.expected <= d.high, d.date);
    assert.ok(d.expected >= d.onBooks, d.date);
  }
  // The seed has upcoming bookings through 2026-12-12: they are on the books.
  const booked =
    demand.filter((b) => b.eventDate >= TODAY && b.bookedOn < TODAY).length;
  assert.equal(days.reduce((s, d) => s + d.onBooks, 0), booked);
  assert.ok(booked > 0);
});

Deno.test("forecast: weekends over weekdays far from the origin (weekday seasonality)", () => {
  const model = fitDemandModel(seededDemand(FREMONT), TODAY, noHolidays);
  const far = forecastDemand(model, 90).slice(60);
  const mean = (ds: ForecastDay[]) =>
    ds.reduce((s, d) => s + d.expected, 0) / ds.length;
  const sat = far.filter((d) => isoWeekday(d.date) === 6);
  const tue = far.filter((d) => isoWeekday(d.date) === 2);
  assert.ok(mean(sat) > 2 * mean(tue), `${mean(sat)} vs ${mean(tue)}`);
});

Deno.test("forecast: a holiday busy last year is busier than its neighbours", () => {
  const holidayOf = (d: string) =>
    d.endsWith("-07-04") ? "Independence Day" : null;
  const demand = syntheticDemand(
    "2025-01-01",
    "2026-03-31",
    (d) => (d === "2025-07-04" ? 8 : 1),
  );
  const model = fitDemandModel(demand, "2026-04-01", holidayOf);
  assert.ok((model.holiday.get("Independence Day") ?? 0) > 2);
  const july4 = forecastDay(model, "2026-07-04").expected;
  const july3 = forecastDay(model, "2026-07-03").expected;
  assert.ok(july4 > 2 * july3, `${july4} vs ${july3}`);
});

Deno.test("forecast: a growing business has a positive trend and month factors after a year", () => {
  const start = Date.parse("2025-01-01T00:00:00Z");
  const demand = syntheticDemand("2025-01-01", "2026-03-31", (d) => {
    const weeks = (Date.parse(`${d}T00:00:00Z`) - start) / 6048e5;
    return Math.round(1 + weeks / 20);
  });
  const model = fitDemandModel(demand, "2026-04-01", noHolidays);
  assert.ok(model.trendPerWeek > 0);
  assert.ok(model.month !== null);
  const young = fitDemandModel(demand, "2025-09-01", noHolidays);
  assert.equal(young.month, null);
});

Deno.test("US holidays come from the package", () => {
  assert.equal(holidays("2026-05-10"), "Mother's Day");
  assert.equal(holidays("2026-11-26"), "Thanksgiving Day");
  assert.equal(holidays("2026-12-31"), "New Year's Eve");
  assert.equal(holidays("2026-06-02"), null);
});

Deno.test("poissonQuantile and error summary", () => {
  assert.equal(poissonQuantile(0.9, 0), 0);
  assert.equal(poissonQuantile(0.5, 1), 1);
  assert.equal(poissonQuantile(0.9, 1), 2);
  const e = errorSummary([0, 2, 4], [1, 1, 4]);
  assert.equal(e.mae, 2 / 3);
  assert.equal(e.mape, 25); // the zero day is left out of MAPE
});

function day(date: string, expected: number): ForecastDay {
  return {
    date,
    expected,
    low: 0,
    high: 0,
    onBooks: 0,
    baseline: 0,
    holiday: null,
  };
}

Deno.test("suggestions: busy dates get a bounded surcharge and chef capacity, slow dates a promotion", () => {
  const capacity = new Map([
    ["2026-11-02", 4],
    ["2026-11-20", 8],
    ...Array.from(
      { length: 10 },
      (_, i) => [`2026-12-${String(i + 10)}`, 8] as [string, number],
    ),
  ]);
  const forecast = [
    day("2026-11-02", 0.2), // slow but too soon for a promotion
    day("2026-11-20", 12), // busy
    ...Array.from(
      { length: 10 },
      (_, i) => day(`2026-12-${i + 10}`, 0.5 + i / 10),
    ),
  ];
  const input = {
    capacity,
    averageRevenueCents: 100_000,
    maxSurchargePercent: 10,
    maxPromotionPercent: 15,
    today: "2026-11-01",
  };
  const s = pricingSuggestions(forecast, input);
  const surcharge = s.find((x) => x.kind === "surcharge");
  assert.ok(surcharge);
  assert.equal(surcharge.date, "2026-11-20");
  assert.equal(surcharge.percent, 10); // needed 22 %, bounded by the admin's 10
  assert.ok(surcharge.revenueEffectCents > 0);
  assert.ok(surcharge.acceptable);
  assert.match(surcharge.reason, /12\.0 requests expected for 8 chef-slots/);
  const chefs = s.find((x) => x.kind === "chef_capacity");
  assert.equal(chefs?.extraCapacity, 4);
  assert.equal(chefs?.revenueEffectCents, 400_000);
  assert.equal(chefs?.acceptable, false);
  const promos = s.filter((x) => x.kind === "promotion");
  assert.equal(promos.length, MAX_PROMOTIONS);
  for (const p of promos) {
    assert.equal(p.percent, -15);
    assert.ok(p.revenueEffectCents > 0);
    assert.ok(p.date >= "2026-11-08", `${PROMOTION_MIN_LEAD_DAYS} days out`);
  }
  // Best effects first: the busiest of the slow dates.
  assert.equal(promos[0].date, "2026-12-19");
  // No bound, no surcharge.
  const none = pricingSuggestions(forecast, {
    ...input,
    maxSurchargePercent: 0,
  });
  assert.equal(none.filter((x) => x.kind === "surcharge").length, 0);
});

Deno.test("revenueAt: elasticity and the capacity cap", () => {
  // 10 requests, 20 % surcharge → 7 requests, all served, at 1.2×.
  assert.equal(revenueAt(10, 8, 1000, 20), 8400);
  // No change: capped at capacity.
  assert.equal(revenueAt(10, 8, 1000, 0), 8000);
});

Deno.test("menu performance: attach rates, revenue from quote lines, a bundle, a weak item", () => {
  const menu = [
    { code: "chicken", kind: "protein" as const, label: "Chicken" },
    { code: "lobster_tail", kind: "protein" as const, label: "Lobster tail" },
    { code: "gyoza", kind: "addon" as const, label: "Gyoza" },
    { code: "edamame", kind: "addon" as const, label: "Edamame" },
    { code: "yakisoba", kind: "addon" as const, label: "Yakisoba" },
  ];
  const bookings = Array.from({ length: 20 }, (_, i): MenuBooking => ({
    eventDate: i < 10 ? "2026-06-10" : "2026-07-10",
    proteins: i === 0
      ? { chicken: 10, lobster_tail: 10 } as Record<string, number>
      : { chicken: 20 },
    extraProteins: {},
    addons: i < 8 ? { gyoza: 4, edamame: 4 } as Record<string, number> : {},
    lines: [
      { code: "adult", totalCents: 55_000 },
      ...(i === 0
        ? [{ code: "premium:lobster_tail", totalCents: 15_000 }]
        : []),
      ...(i < 8
        ? [
          { code: "addon:gyoza", totalCents: 4_000 },
          { code: "addon:edamame", totalCents: 2_000 },
        ]
        : []),
      { code: "tax", totalCents: 5_000 },
    ],
  }));
  const m = menuPerformance(bookings, menu);
  assert.equal(m.parties, 20);
  const by = Object.fromEntries(m.items.map((i) => [i.code, i]));
  assert.equal(by.chicken.attachRate, 100);
  assert.equal(by.gyoza.attachRate, 40);
  assert.equal(by.gyoza.revenueCents, 32_000);
  assert.equal(by.lobster_tail.revenueCents, 15_000);
  assert.equal(m.foodRevenueCents, 20 * 55_000 + 15_000 + 8 * 6_000);
  assert.equal(by.gyoza.byMonth["2026-06"], 80);
  assert.equal(by.gyoza.byMonth["2026-07"], 0);
  const bundle = m.suggestions.find((s) => s.kind === "bundle");
  assert.deepEqual(bundle?.codes, ["edamame", "gyoza"]);
  assert.ok(
    m.suggestions.some((s) =>
      s.kind === "review_item" && s.codes[0] === "yakisoba"
    ),
  );
});
