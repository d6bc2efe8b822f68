/**
 * Slot capacity, reservations and availability as a pure computation.
 *
 * The database is what prevents over-booking under concurrency; this module only
 * reports the same numbers for display and for choosing what the wizard offers.
 *
 * @module
 */

import { datesInRange, isoWeekday } from "../booking_window/dates.ts";
import { slotStartInstant } from "../booking_window/zone.ts";
import { isWithinBookingWindow } from "../booking_window/window.ts";
import { CHEF_HOLDING_STATUSES as CHEF_HOLDING } from "../booking_status/mod.ts";
import type {
  Availability,
  AvailabilityInput,
  BookingStatus,
  ChefSchedule,
  DateAvailability,
  TimeOffRange,
} from "./types.ts";

/** Booking statuses that keep a chef busy and so count against a slot's capacity. */
export const CHEF_HOLDING_STATUSES: ReadonlySet<BookingStatus> = new Set<
  BookingStatus
>(CHEF_HOLDING);

/** True when a booking in this status reserves its slot. */
export function holdsChef(status: BookingStatus): boolean {
  return CHEF_HOLDING_STATUSES.has(status);
}

/**
 * Capacity of any slot on `date`: active chefs who work that ISO weekday and
 * have no approved time off covering the date; 0 on a blackout date.
 */
export function slotCapacity(
  date: string,
  chefs: readonly ChefSchedule[],
  timeOff: readonly TimeOffRange[],
  blackoutDates: readonly string[],
): number {
  if (blackoutDates.includes(date)) return 0;
  const weekday = isoWeekday(date);
  const away = new Set(
    timeOff
      .filter((t) =>
        (t.status === undefined || t.status === "approved") &&
        t.startsOn <= date &&
        date <= t.endsOn
      )
      .map((t) => t.chefId),
  );
  return chefs.filter((c) =>
    c.active && c.weekdays.includes(weekday) && !away.has(c.id)
  ).length;
}

const key = (date: string, time: string) => `${date} ${time}`;

/**
 * Availability of every slot from `from` to `to` (both included) at `now`.
 *
 * - capacity = {@link slotCapacity} of the date;
 * - reserved = bookings in a chef-holding status + holds with `expiresAt` > `now`;
 * - available = max(0, capacity − reserved), and 0 when the slot start is outside
 *   the booking window (48 h … 365 days from `now`) — such slots are still listed,
 *   with their real capacity and reserved counts, so calendars stay complete; the
 *   wizard offers only slots with available > 0.
 *
 * Dates are ascending; slots follow ascending time. Event length never spans two
 * slots (slots are 3 h apart, events at most 120 min), so slots are independent.
 */
export function computeAvailability(input: AvailabilityInput): Availability {
  const times = [...new Set(input.slotTimes)].sort();
  const reserved = new Map<string, number>();
  const bump = (k: string) => reserved.set(k, (reserved.get(k) ?? 0) + 1);
  for (const b of input.bookings) {
    if (holdsChef(b.status)) bump(key(b.date, b.time));
  }
  const now = input.now.getTime();
  for (const h of input.holds) {
    if (h.expiresAt.getTime() > now) bump(key(h.date, h.time));
  }

  const dates: DateAvailability[] = datesInRange(input.from, input.to).map(
    (date) => {
      const capacity = slotCapacity(
        date,
        input.chefs,
        input.timeOff,
        input.blackoutDates,
      );
      return {
        date,
        slots: times.map((time) => {
          const taken = reserved.get(key(date, time)) ?? 0;
          const bookable = isWithinBookingWindow(
            slotStartInstant(date, time, input.timezone),
            input.now,
            input.settings,
          );
          return {
            time,
            capacity,
            reserved: taken,
            available: bookable ? Math.max(0, capacity - taken) : 0,
          };
        }),
      };
    },
  );
  return { timezone: input.timezone, dates };
}
