/**
 * Rolling-origin backtest (ADR 0041): weekly origins over the last weeks
 * before `today`; at each, the model is fitted on what was known then
 * (bookings made before the origin) and forecasts the next 7 days, scored
 * against the final demand of those days next to the seasonal-naive
 * baseline (the same weekday of the last observed week) and the model's own
 * seasonal prior without the bookings on the books (how much of the gain is
 * seasonality and how much is the book).
 *
 * @module
 */
import { addDays } from "../booking_window/dates.ts";
import {
  expectedOf,
  fitDemandModel,
  intervalOf,
  priorOf,
  seasonalNaive,
} from "./forecast.ts";
import type {
  Backtest,
  DemandBooking,
  ErrorSummary,
  HolidayOf,
} from "./types.ts";

/** Weekly origins of the backtest (the 12 weeks). */
export const BACKTEST_WEEKS = 12;

/** MAE, and MAPE over the days whose actual is not zero. */
export function errorSummary(
  actual: readonly number[],
  predicted: readonly number[],
): ErrorSummary {
  let abs = 0;
  let pct = 0;
  let nonZero = 0;
  actual.forEach((a, i) => {
    const e = Math.abs(a - predicted[i]);
    abs += e;
    if (a > 0) {
      pct += e / a;
      nonZero++;
    }
  });
  return {
    mae: actual.length ? abs / actual.length : 0,
    mape: nonZero ? (100 * pct) / nonZero : 0,
  };
}

/** Backtests the forecast of `bookings` over the `weeks` weeks before `today`. */
export function backtestDemand(
  bookings: readonly DemandBooking[],
  today: string,
  holidayOf: HolidayOf,
  weeks = BACKTEST_WEEKS,
): Backtest {
  const finalDemand = new Map<string, number>();
  for (const b of bookings) {
    if (b.eventDate < today) {
      finalDemand.set(b.eventDate, (finalDemand.get(b.eventDate) ?? 0) + 1);
    }
  }
  const actual: number[] = [];
  const model: number[] = [];
  const baseline: number[] = [];
  const prior: number[] = [];
  let covered = 0;
  for (let k = weeks; k >= 1; k--) {
    const origin = addDays(today, -7 * k);
    const fitted = fitDemandModel(bookings, origin, holidayOf);
    if (fitted.start === null) continue;
    for (let h = 0; h < 7; h++) {
      const date = addDays(origin, h);
      const a = finalDemand.get(date) ?? 0;
      const { booked, remaining } = expectedOf(fitted, date);
      actual.push(a);
      model.push(booked + remaining);
      baseline.push(seasonalNaive(fitted, date));
      prior.push(priorOf(fitted, date));
      const { low, high } = intervalOf(booked, remaining);
      if (a >= low && a <= high) covered++;
    }
  }
  const m = errorSummary(actual, model);
  const b = errorSummary(actual, baseline);
  const p = errorSummary(actual, prior);
  return {
    weeks,
    days: actual.length,
    mae: m.mae,
    mape: m.mape,
    baselineMae: b.mae,
    baselineMape: b.mape,
    priorMae: p.mae,
    priorMape: p.mape,
    coverage: actual.length ? (100 * covered) / actual.length : 0,
  };
}
