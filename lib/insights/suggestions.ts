/**
 * Pricing suggestions from the forecast (ADR 0042): busy dates whose
 * expected demand exceeds capacity (a surcharge within the admin's bound,
 * or more chef capacity) and slow dates (a promotion within the admin's
 * bound), each with its reason and expected revenue effect.
 *
 * The revenue model is stated, not learnt: demand responds to price with a
 * constant elasticity {@link PRICE_ELASTICITY} (a 10 % surcharge turns away
 * 15 % of requests), served bookings are capped by capacity, and a booking
 * brings the location's average revenue.
 *
 * @module
 */
import { daysBetween } from "../booking_window/dates.ts";
import type { ForecastDay } from "./types.ts";

/** Relative change in requests per relative change in price (assumed, ADR 0042). */
export const PRICE_ELASTICITY = 1.5;
/** A date is slow when its expected demand is at most this share of capacity. */
export const SLOW_UTILISATION = 0.2;
/** Promotions need time to reach customers: not for dates sooner than this. */
export const PROMOTION_MIN_LEAD_DAYS = 7;
/** At most this many promotions are suggested (the best effects first). */
export const MAX_PROMOTIONS = 5;

/** What a suggestion proposes. */
export type SuggestionKind = "surcharge" | "chef_capacity" | "promotion";

/** One pricing suggestion. */
export interface PricingSuggestion {
  /** Stable id: `<kind>:<date>:<percent>` (what Accept posts). */
  id: string;
  kind: SuggestionKind;
  date: string;
  /** Surcharge (+) or promotion (−) in percent of adult and child prices; 0 for chef capacity. */
  percent: number;
  /** Extra chef-slots (chef capacity only). */
  extraCapacity: number;
  expected: number;
  capacity: number;
  /** Why, in one sentence with the numbers. */
  reason: string;
  /** Expected change of the date's revenue, cents (rounded). */
  revenueEffectCents: number;
  /** Whether an admin can accept it as a settings change. */
  acceptable: boolean;
}

/** Inputs besides the forecast. */
export interface SuggestionInput {
  /** Chef-slots per date (sum of slot capacities). */
  capacity: ReadonlyMap<string, number>;
  /** Average revenue of one booking at the location, cents. */
  averageRevenueCents: number;
  /** Admin bounds (settings). */
  maxSurchargePercent: number;
  maxPromotionPercent: number;
  /** Today at the location. */
  today: string;
}

/**
 * Expected revenue of a date when prices change by `percent` (positive
 * surcharge, negative promotion): requests move by −elasticity·percent,
 * bookings are capped by capacity.
 */
export function revenueAt(
  demand: number,
  capacity: number,
  revenue: number,
  percent: number,
): number {
  const p = percent / 100;
  const requests = Math.max(0, demand * (1 - PRICE_ELASTICITY * p));
  return Math.min(capacity, requests) * revenue * (1 + p);
}

function usd(cents: number): string {
  return `$${Math.round(cents / 100).toLocaleString("en-US")}`;
}

/** The suggestions for a forecast. */
export function pricingSuggestions(
  forecast: readonly ForecastDay[],
  input: SuggestionInput,
): PricingSuggestion[] {
  const R = input.averageRevenueCents;
  const busy: PricingSuggestion[] = [];
  const slow: PricingSuggestion[] = [];
  for (const day of forecast) {
    const cap = input.capacity.get(day.date) ?? 0;
    const demand = day.expected;
    const base = revenueAt(demand, cap, R, 0);
    if (demand > cap && demand >= 1) {
      const excess = demand - cap;
      if (cap > 0 && input.maxSurchargePercent > 0) {
        // The surcharge that brings requests down to capacity, in 5 % steps, within the bound.
        const needed = (excess / demand / PRICE_ELASTICITY) * 100;
        const percent = Math.min(
          input.maxSurchargePercent,
          Math.max(5, Math.ceil(needed / 5) * 5),
        );
        const effect = revenueAt(demand, cap, R, percent) - base;
        busy.push({
          id: `surcharge:${day.date}:${percent}`,
          kind: "surcharge",
          date: day.date,
          percent,
          extraCapacity: 0,
          expected: demand,
          capacity: cap,
          reason: `${
            demand.toFixed(1)
          } requests expected for ${cap} chef-slots${
            day.holiday ? ` (${day.holiday})` : ""
          }: a ${percent} % surcharge keeps the date full at a higher price.`,
          revenueEffectCents: Math.round(effect),
          acceptable: daysBetween(input.today, day.date) >= 1,
        });
      }
      const extra = Math.ceil(excess);
      busy.push({
        id: `chef_capacity:${day.date}:0`,
        kind: "chef_capacity",
        date: day.date,
        percent: 0,
        extraCapacity: extra,
        expected: demand,
        capacity: cap,
        reason: `${demand.toFixed(1)} requests expected for ${cap} chef-slots${
          day.holiday ? ` (${day.holiday})` : ""
        }: ${extra} more chef-slot${
          extra === 1 ? "" : "s"
        } (a chef working that day) would serve about ${
          Math.min(extra, excess).toFixed(1)
        } more parties.`,
        revenueEffectCents: Math.round(Math.min(extra, excess) * R),
        acceptable: false,
      });
      continue;
    }
    if (
      cap > 0 && demand <= SLOW_UTILISATION * cap &&
      daysBetween(input.today, day.date) >= PROMOTION_MIN_LEAD_DAYS &&
      input.maxPromotionPercent > 0
    ) {
      const percent = -input.maxPromotionPercent;
      const effect = revenueAt(demand, cap, R, percent) - base;
      if (effect <= 0) continue;
      slow.push({
        id: `promotion:${day.date}:${percent}`,
        kind: "promotion",
        date: day.date,
        percent,
        extraCapacity: 0,
        expected: demand,
        capacity: cap,
        reason: `Only ${
          demand.toFixed(1)
        } requests expected for ${cap} chef-slots: a ${-percent} % promotion is expected to bring ${
          (demand * PRICE_ELASTICITY * -percent / 100).toFixed(1)
        } more (${usd(effect)} net).`,
        revenueEffectCents: Math.round(effect),
        acceptable: true,
      });
    }
  }
  slow.sort((a, b) =>
    b.revenueEffectCents - a.revenueEffectCents || a.date.localeCompare(b.date)
  );
  return [...busy, ...slow.slice(0, MAX_PROMOTIONS)];
}
