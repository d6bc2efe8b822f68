/**
 * Demand fixtures of the insights tests and bench: the seeded history
 * (supabase/seed/history_plan.ts, the same deterministic plan the seed SQL
 * is generated from) as forecast input, and a small synthetic series for
 * effects the seed does not have (holidays, trend).
 */
import { buildHistoryPlan } from "../../supabase/seed/history_plan.ts";
import { localDateOf } from "../../lib/booking_window/zone.ts";
import { addDays, datesInRange } from "../../lib/booking_window/dates.ts";
import type { DemandBooking } from "../../lib/insights/types.ts";

/** Seeded location ids. */
export const FREMONT = "10000000-0000-4000-8000-000000000001";
export const SACRAMENTO = "10000000-0000-4000-8000-000000000002";

/** The seeded bookings of `locationId` as demand (booked-on in Pacific time). */
export function seededDemand(locationId: string): DemandBooking[] {
  return buildHistoryPlan().bookings.filter((b) => b.locationId === locationId)
    .map((b) => ({
      eventDate: b.eventDate,
      bookedOn: localDateOf(new Date(b.createdAt), "America/Los_Angeles"),
    }));
}

/**
 * `perDay(date)` bookings on every date from `from` to `to`, each booked
 * `lead` days ahead (deterministic, no randomness).
 */
export function syntheticDemand(
  from: string,
  to: string,
  perDay: (date: string) => number,
  lead = 10,
): DemandBooking[] {
  const out: DemandBooking[] = [];
  for (const d of datesInRange(from, to)) {
    for (let i = 0; i < perDay(d); i++) {
      out.push({ eventDate: d, bookedOn: addDays(d, -lead) });
    }
  }
  return out;
}
