/**
 * The smart recommendation of `check_availability`: when the asked slot is
 * full, the nearest free slots in time at the same location, and the same
 * time at other locations that serve the ZIP. Pure: availability in, slots out.
 *
 * @module
 */

import type { Availability } from "../availability/mod.ts";
import { daysBetween } from "../booking_window/dates.ts";
import type {
  AlternativeSlot,
  AvailabilityArgs,
  AvailabilityResult,
  LocationRef,
} from "./types.ts";

/** Availability of one location around the asked date. */
export interface LocationAvailability {
  location: LocationRef;
  availability: Availability;
}

/** How many alternatives of each kind {@link nearestAlternatives} returns. */
export interface AlternativeLimits {
  sameLocation: number;
  otherLocations: number;
}

const minutesOf = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
};

/** Distance in minutes between two slots (dates and times). */
function gap(
  a: { date: string; time: string },
  b: { date: string; time: string },
): number {
  return Math.abs(
    daysBetween(a.date, b.date) * 1440 + minutesOf(b.time) - minutesOf(a.time),
  );
}

/**
 * Free slots nearest to `asked` (a date, and a time or, without one, the
 * evening slot's neighbours): first at `primary` in time order of distance
 * (ties: earlier first), then at `others` on the same date and time (or the
 * nearest there). The asked slot itself is never offered.
 */
export function nearestAlternatives(
  asked: { date: string; time?: string },
  primary: LocationAvailability,
  others: readonly LocationAvailability[],
  limits: AlternativeLimits = { sameLocation: 3, otherLocations: 2 },
): AlternativeSlot[] {
  const target = { date: asked.date, time: asked.time ?? "18:00" };
  const free = (la: LocationAvailability) =>
    la.availability.dates.flatMap((d) =>
      d.slots.filter((s) => s.available > 0)
        .filter((s) =>
          !(d.date === asked.date && (!asked.time || s.time === asked.time))
        )
        .map((s) => ({
          location: la.location,
          date: d.date,
          time: s.time,
          available: s.available,
        }))
    ).sort((a, b) =>
      gap(target, a) - gap(target, b) || a.date.localeCompare(b.date) ||
      a.time.localeCompare(b.time)
    );
  const out = free(primary).slice(0, limits.sameLocation);
  const elsewhere = others.flatMap((o) => {
    // At another location the asked slot itself is an alternative.
    const all = o.availability.dates.flatMap((d) =>
      d.slots.filter((s) => s.available > 0).map((s) => ({
        location: o.location,
        date: d.date,
        time: s.time,
        available: s.available,
      }))
    ).sort((a, b) =>
      gap(target, a) - gap(target, b) || a.date.localeCompare(b.date)
    );
    return all.slice(0, 1);
  }).sort((a, b) => gap(target, a) - gap(target, b));
  out.push(...elsewhere.slice(0, limits.otherLocations));
  return out;
}

/**
 * The `check_availability` answer from the availability of the asked range
 * (`inRange`, at the chosen location) and of the neighbourhood of the asked
 * date at every location serving the ZIP (`around`, chosen location first).
 */
export function availabilityAnswer(
  args: AvailabilityArgs,
  inRange: LocationAvailability,
  around: readonly LocationAvailability[],
): AvailabilityResult {
  const dates = inRange.availability.dates.map((d) => ({
    date: d.date,
    slots: d.slots.map((s) => ({ time: s.time, available: s.available })),
  }));
  const result: AvailabilityResult = {
    location: inRange.location,
    timezone: inRange.availability.timezone,
    dates,
    alternatives: [],
  };
  if (args.from !== args.to) {
    const anyFree = dates.some((d) =>
      d.slots.some((s) =>
        s.available > 0 && (!args.time || s.time === args.time)
      )
    );
    if (anyFree || around.length === 0) return result;
  }
  const day = dates.find((d) => d.date === args.from);
  const slots = (day?.slots ?? []).filter((s) =>
    !args.time || s.time === args.time
  );
  const available = slots.reduce((n, s) => n + s.available, 0);
  if (args.from === args.to) {
    result.requested = { date: args.from, available };
    if (args.time) result.requested.time = args.time;
  }
  if (available === 0 && around.length > 0) {
    const [primary, ...others] = around;
    result.alternatives = nearestAlternatives(
      { date: args.from, time: args.time },
      primary,
      others,
    );
  }
  return result;
}
