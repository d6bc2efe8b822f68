/**
 * Daily demand forecast of one location (ADR 0041): a seasonal prior
 * (weekday and month factors, US holidays, a damped trend on a recent
 * level) combined with the bookings already on the books through the
 * lead-time curve, with an 80 % prediction interval.
 *
 * At an origin date `t` (bookings made before `t` are known) the final
 * demand of a date `d = t + L` is what is on the books, `B`, plus the part of
 * the prior that usually books later than `L` days ahead:
 * `expected = B + prior(d) · (1 − f(L))`, where `f(L)` is the share of a
 * date's bookings made more than `L` days before it. The remainder is
 * treated as Poisson for the interval.
 *
 * Pure: no database, no clock; the origin is an argument.
 *
 * @module
 */
import { addDays, daysBetween, isoWeekday } from "../booking_window/dates.ts";
import type { DemandBooking, ForecastDay, HolidayOf } from "./types.ts";

/** Days of recent history the level is measured over. */
export const LEVEL_DAYS = 56;
/** Weeks of history the trend is fitted over. */
const TREND_WEEKS = 26;
/** Largest trend, relative change per week (damps a short-lived swing). */
const MAX_TREND = 0.02;
/** Pseudo-count pulling a holiday's factor toward 1 (one past occurrence says little). */
const HOLIDAY_SHRINK = 2;
/** Month factors need a full year of history; below it the recent level carries the season. */
const MONTHS_NEED_DAYS = 365;

/** A fitted model: what the history at `origin` says. */
export interface DemandModel {
  /** First date forecast; bookings made before it were known. */
  origin: string;
  /** First date of the history. */
  start: string | null;
  /** Booking requests per past event date (dates before origin). */
  daily: Map<string, number>;
  /** Bookings on the books per future event date (made before origin). */
  onBooks: Map<string, number>;
  /** ISO weekday (1–7) → factor (mean 1). Index 0 unused. */
  weekday: number[];
  /** Month (1–12) → factor, or null while there is less than a year of history. */
  month: number[] | null;
  /** Deseasonalised requests per day over the last {@link LEVEL_DAYS} days. */
  level: number;
  /** Relative change per week of the deseasonalised level. */
  trendPerWeek: number;
  /** Holiday name → factor learnt from past occurrences. */
  holiday: Map<string, number>;
  /** f(L): share of a date's bookings made more than L days ahead; index = L. */
  leadCurve: number[];
  holidayOf: HolidayOf;
}

function seasonal(model: Pick<DemandModel, "weekday" | "month">, d: string) {
  const w = model.weekday[isoWeekday(d)];
  const m = model.month ? model.month[Number(d.slice(5, 7))] : 1;
  return w * m;
}

/**
 * Fits the model on `bookings` as known at `origin` (only those made before
 * it are read).
 */
export function fitDemandModel(
  bookings: readonly DemandBooking[],
  origin: string,
  holidayOf: HolidayOf,
): DemandModel {
  const daily = new Map<string, number>();
  const onBooks = new Map<string, number>();
  let start: string | null = null;
  const leads: number[] = [];
  for (const b of bookings) {
    if (b.bookedOn >= origin) continue;
    if (b.eventDate < origin) {
      daily.set(b.eventDate, (daily.get(b.eventDate) ?? 0) + 1);
      if (start === null || b.eventDate < start) start = b.eventDate;
      leads.push(daysBetween(b.bookedOn, b.eventDate));
    } else {
      onBooks.set(b.eventDate, (onBooks.get(b.eventDate) ?? 0) + 1);
    }
  }
  const model: DemandModel = {
    origin,
    start,
    daily,
    onBooks,
    weekday: [1, 1, 1, 1, 1, 1, 1, 1],
    month: null,
    level: 0,
    trendPerWeek: 0,
    holiday: new Map(),
    leadCurve: leadCurve(leads),
    holidayOf,
  };
  if (start === null) return model;
  // One pass over the calendar; the estimators below work on these arrays.
  const n = daysBetween(start, origin);
  const days: string[] = new Array(n);
  const wdOf = new Int8Array(n);
  const moOf = new Int8Array(n);
  const yOf = new Float64Array(n);
  const first = isoWeekday(start);
  for (let i = 0; i < n; i++) {
    const d = i === 0 ? start : addDays(days[i - 1], 1);
    days[i] = d;
    wdOf[i] = ((first - 1 + i) % 7) + 1;
    moOf[i] = Number(d.slice(5, 7));
    yOf[i] = daily.get(d) ?? 0;
  }
  const total = yOf.reduce((s, v) => s + v, 0);
  const mean = total / n;

  // Weekday factors: mean of the weekday over the mean of all days.
  const sumBy = new Array(8).fill(0);
  const nBy = new Array(8).fill(0);
  for (let i = 0; i < n; i++) {
    sumBy[wdOf[i]] += yOf[i];
    nBy[wdOf[i]]++;
  }
  for (let wd = 1; wd <= 7; wd++) {
    model.weekday[wd] = nBy[wd] > 0 && mean > 0
      ? sumBy[wd] / nBy[wd] / mean
      : 1;
  }

  // Month factors (ratio estimators on weekday-adjusted demand), once every
  // month has been seen.
  if (n >= MONTHS_NEED_DAYS) {
    const ys = new Array(13).fill(0);
    const ws = new Array(13).fill(0);
    for (let i = 0; i < n; i++) {
      ys[moOf[i]] += yOf[i];
      ws[moOf[i]] += model.weekday[wdOf[i]];
    }
    const all = total / ws.reduce((s, v) => s + v, 0);
    if (all > 0 && ws.slice(1).every((w) => w > 0)) {
      model.month = ys.map((v, m) => (m === 0 ? 1 : v / ws[m] / all));
    }
  }

  // Seasonal weight and demand of the days [from, to).
  const seasonalAt = (i: number) =>
    model.weekday[wdOf[i]] * (model.month ? model.month[moOf[i]] : 1);
  const weight = (from: number, to: number) => {
    let w = 0;
    for (let i = Math.max(0, from); i < to; i++) w += seasonalAt(i);
    return w;
  };
  const sum = (from: number, to: number) => {
    let v = 0;
    for (let i = Math.max(0, from); i < to; i++) v += yOf[i];
    return v;
  };

  // Level: requests over seasonal weight in the recent window.
  const lw = weight(n - LEVEL_DAYS, n);
  model.level = lw > 0 ? sum(n - LEVEL_DAYS, n) / lw : 0;

  // Trend: least-squares slope of weekly deseasonalised rates, relative.
  const weeks: number[] = [];
  for (let end = n; end - 7 >= 0 && weeks.length < TREND_WEEKS; end -= 7) {
    const w = weight(end - 7, end);
    weeks.unshift(w > 0 ? sum(end - 7, end) / w : 0);
  }
  if (weeks.length >= 8) {
    const k = weeks.length;
    const mx = (k - 1) / 2;
    const my = weeks.reduce((s, v) => s + v, 0) / k;
    let num = 0;
    let den = 0;
    weeks.forEach((v, i) => {
      num += (i - mx) * (v - my);
      den += (i - mx) ** 2;
    });
    if (my > 0) {
      model.trendPerWeek = Math.max(
        -MAX_TREND,
        Math.min(MAX_TREND, num / den / my),
      );
    }
  }

  // Holidays: past demand over the seasonal expectation, shrunk toward 1.
  const gw = weight(0, n);
  const global = gw > 0 ? total / gw : 0;
  const hy = new Map<string, [number, number]>();
  for (let i = 0; i < n; i++) {
    const name = holidayOf(days[i]);
    if (!name) continue;
    const [a, e] = hy.get(name) ?? [0, 0];
    hy.set(name, [a + yOf[i], e + global * seasonalAt(i)]);
  }
  for (const [name, [a, e]] of hy) {
    model.holiday.set(name, (a + HOLIDAY_SHRINK) / (e + HOLIDAY_SHRINK));
  }
  return model;
}

/** f(L) from the lead times (days) of past bookings; ends at 0. */
function leadCurve(leads: number[]): number[] {
  if (leads.length === 0) return [0];
  const max = Math.max(...leads);
  const count = new Array(max + 2).fill(0);
  for (const l of leads) count[Math.max(0, l)]++;
  // f(L) = share with lead > L.
  const f = new Array(max + 1).fill(0);
  let above = leads.length;
  for (let L = 0; L <= max; L++) {
    above -= count[L];
    f[L] = above / leads.length;
  }
  return f;
}

/** The seasonal prior of `date` (before the bookings on the books). */
export function priorOf(model: DemandModel, date: string): number {
  const centre = addDays(model.origin, -LEVEL_DAYS / 2);
  const weeks = daysBetween(centre, date) / 7;
  const trend = Math.max(0.5, 1 + model.trendPerWeek * weeks);
  const name = model.holidayOf(date);
  const h = name ? model.holiday.get(name) ?? 1 : 1;
  return model.level * seasonal(model, date) * trend * h;
}

/** The seasonal-naive forecast: the same weekday of the last week observed before the origin. */
export function seasonalNaive(model: DemandModel, date: string): number {
  const lead = daysBetween(model.origin, date);
  const back = 7 * Math.max(1, Math.ceil((lead + 1) / 7));
  return model.daily.get(addDays(date, -back)) ?? 0;
}

/** Smallest k with P(X ≤ k) ≥ p for X ~ Poisson(mu). */
export function poissonQuantile(p: number, mu: number): number {
  if (mu <= 0) return 0;
  let k = 0;
  let term = Math.exp(-mu);
  let cdf = term;
  while (cdf < p && k < 10_000) {
    k++;
    term *= mu / k;
    cdf += term;
  }
  return k;
}

/**
 * The 80 % interval of a date's final demand: what is on the books plus the
 * 10th and 90th percentiles of the Poisson remainder (the top never below
 * the expectation, so the band holds the line).
 */
export function intervalOf(
  booked: number,
  remaining: number,
): { low: number; high: number } {
  return {
    low: booked + poissonQuantile(0.1, remaining),
    high: Math.max(
      booked + poissonQuantile(0.9, remaining),
      Math.ceil(booked + remaining),
    ),
  };
}

/** Round to tenths (the forecast is a rate, not a count). */
function tenths(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * What is on the books for `date` and the demand still expected to book
 * (unrounded; the backtest scores these).
 */
export function expectedOf(
  model: DemandModel,
  date: string,
): { booked: number; remaining: number } {
  const lead = Math.max(0, daysBetween(model.origin, date));
  const f = model.leadCurve[Math.min(lead, model.leadCurve.length - 1)] ?? 0;
  return {
    booked: model.onBooks.get(date) ?? 0,
    remaining: priorOf(model, date) * (1 - f),
  };
}

/** The forecast of one date at or after the origin. */
export function forecastDay(model: DemandModel, date: string): ForecastDay {
  const { booked, remaining } = expectedOf(model, date);
  return {
    date,
    expected: tenths(booked + remaining),
    ...intervalOf(booked, remaining),
    onBooks: booked,
    baseline: seasonalNaive(model, date),
    holiday: model.holidayOf(date),
  };
}

/** The forecast of `days` dates from the origin. */
export function forecastDemand(
  model: DemandModel,
  days: number,
): ForecastDay[] {
  return Array.from(
    { length: days },
    (_, i) => forecastDay(model, addDays(model.origin, i)),
  );
}
