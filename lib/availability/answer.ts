/**
 * The availability answer from slot columns: the database's numbers with the
 * booking window applied at `now`, as objects or as JSON text written
 * directly (ADR 0056), and the columns the capacity plan and the
 * reservations make.
 *
 * @module
 */
import type { Availability, DateAvailability } from "./types.ts";
import { bookingWindowAt } from "../booking_window/mod.ts";
import type { CapacityPlan, SlotCalendar } from "./capacity.ts";
import type { Location } from "../bookings/catalog.ts";
import type { PricingSettings } from "../pricing/mod.ts";

/**
 * `public.slot_availability`'s rows as columns, one array each, in the
 * function's order (date, then the configured slot order): one row to read
 * instead of 4 per date, so postgres.js parses a few integer arrays rather
 * than 124 rows for a month.
 */
export interface SlotColumns {
  /** Days after `from` of each row (0, 0, 0, 0, 1, …); null without rows. */
  days: number[] | null;
  /** The slot times of one date (every date has the same ones). */
  times: string[] | null;
  capacity: number[] | null;
  reserved: number[] | null;
  available: number[] | null;
}

export interface SlotRows {
  settings: PricingSettings;
  location: Location;
  columns: SlotColumns;
  /** The range's dates and slot start instants, in the order of `columns`. */
  calendar: SlotCalendar;
  /** From the capacity plan: its answers, and the key naming every input of this one. */
  plan?: { answers: CapacityPlan; key: string };
}

/** The answer at one `now`, and until when it holds. */
export interface Built {
  availability: Availability;
  /** Epoch ms at which a slot enters or leaves the booking window. */
  validUntil: number;
}

/** `app.slot_reservations_in`'s rows as columns (only slots with any). */
export interface ReservedColumns {
  days: number[] | null;
  times: string[] | null;
  reserved: number[] | null;
}

/**
 * The columns `public.slot_availability` would give, from the plan's
 * capacity per date and the reservations: every slot of every date, and
 * available = capacity − reserved, never below 0 (as the function computes
 * it; tests/api/availability_json_test.ts compares the two).
 */
export function withReservations(
  capacityPerDay: readonly number[],
  slotTimes: readonly string[],
  reserved: ReservedColumns,
): SlotColumns {
  const perDay = slotTimes.length;
  const n = capacityPerDay.length * perDay;
  const days = new Array<number>(n);
  const capacity = new Array<number>(n);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    days[i] = Math.floor(i / perDay);
    capacity[i] = capacityPerDay[days[i]];
  }
  for (let r = 0; r < (reserved.days?.length ?? 0); r++) {
    const slot = slotTimes.indexOf(reserved.times![r]);
    // A booking in a slot time no longer offered is not a slot of the view.
    if (slot >= 0) {
      counts[reserved.days![r] * perDay + slot] = reserved.reserved![r];
    }
  }
  const available = capacity.map((c, i) => Math.max(c - counts[i], 0));
  return {
    days: n ? days : null,
    times: n ? [...slotTimes] : null,
    capacity: n ? capacity : null,
    reserved: n ? counts : null,
    available: n ? available : null,
  };
}

/**
 * Calls `visit` for every slot of `rows` in order (date, then slot time)
 * with its available units at `now`: 0 outside the booking window. Returns
 * the epoch ms until which those answers hold.
 */
function eachSlot(
  rows: SlotRows,
  now: Date,
  visit: (day: number, slot: number, i: number, available: number) => void,
): number {
  const { settings, columns, calendar } = rows;
  const { days, times, available } = columns;
  let validUntil = Infinity;
  const window = bookingWindowAt(now, settings);
  const perDay = times?.length ?? 0;
  for (let i = 0; i < (days?.length ?? 0); i++) {
    const day = Math.floor(i / perDay);
    if (days![i] !== day) {
      throw new Error("slot_availability rows are not in date order");
    }
    const start = calendar.starts[i];
    validUntil = Math.min(validUntil, window.changeAfter(start));
    visit(day, i % perDay, i, window.contains(start) ? available![i] : 0);
  }
  return validUntil;
}

/** The answer of `rows` at `now`, with the booking window applied. */
export function toAvailability(rows: SlotRows, now: Date): Built {
  const { location, columns, calendar } = rows;
  const { times, capacity, reserved } = columns;
  const dates: DateAvailability[] = [];
  const validUntil = eachSlot(rows, now, (day, slot, i, available) => {
    if (slot === 0) dates.push({ date: calendar.dates[day], slots: [] });
    dates[day].slots.push({
      time: times![slot],
      capacity: capacity![i],
      reserved: reserved![i],
      available,
    });
  });
  return {
    availability: {
      timezone: location.timezone,
      location: { slug: location.slug, name: location.name },
      dates,
    },
    validUntil,
  };
}

/**
 * {@link toAvailability} as JSON text, written directly: the same text as
 * `JSON.stringify` of its answer (tests/api/availability_json_test.ts) at
 * a fraction of the cost of building the objects first (ADR 0056).
 */
export function toAvailabilityJson(
  rows: SlotRows,
  now: Date,
): { json: string; validUntil: number } {
  const { location, columns, calendar } = rows;
  const { times, capacity, reserved } = columns;
  const timeKeys = (times ?? []).map((t) => `{"time":${JSON.stringify(t)}`);
  let json = `{"timezone":${
    JSON.stringify(location.timezone)
  },"location":{"slug":${JSON.stringify(location.slug)},"name":${
    JSON.stringify(location.name)
  }},"dates":[`;
  let any = false;
  const validUntil = eachSlot(rows, now, (day, slot, i, available) => {
    any = true;
    if (slot === 0) {
      json += `${day ? "]}," : ""}{"date":${
        JSON.stringify(calendar.dates[day])
      },"slots":[`;
    } else json += ",";
    json += `${timeKeys[slot]},"capacity":${capacity![i]},"reserved":${
      reserved![i]
    },"available":${available}}`;
  });
  json += any ? "]}]}" : "]}";
  return { json, validUntil };
}
