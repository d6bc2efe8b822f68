/**
 * The assistant evaluation's in-memory availability: the same rules as
 * `public.slot_availability` (capacity = active chefs working the weekday
 * without approved time off, 0 on blackout dates; chef-holding bookings and
 * unexpired holds reserve; slots outside the booking window show 0
 * available), over the fixed fixtures of tests/ai/tools.ts. A test double,
 * not a source of truth: the app reads availability from the database
 * (lib/availability/service.ts).
 *
 * @module
 */

import {
  datesInRange,
  isoWeekday,
  isWithinBookingWindow,
  slotStartInstant,
} from "../../lib/booking_window/mod.ts";
import { type BookingStatus, holdsChef } from "../../lib/booking_status/mod.ts";
import type {
  Availability,
  DateAvailability,
} from "../../lib/availability/mod.ts";

/** A chef as availability sees them: which ISO weekdays (1 = Monday … 7 = Sunday) they work. */
export interface ChefSchedule {
  id: string;
  weekdays: number[];
  active: boolean;
}

/**
 * A chef's time off, whole calendar dates, both ends included. Only approved time
 * off removes capacity: an entry whose `status` is set to anything but "approved"
 * is ignored.
 */
export interface TimeOffRange {
  chefId: string;
  startsOn: string;
  endsOn: string;
  status?: string;
}

/** A booking occupying (or not, depending on status) a slot. */
export interface SlotBooking {
  date: string;
  time: string;
  status: BookingStatus;
}

/** A checkout hold on a slot; it reserves one unit until `expiresAt`. */
export interface SlotHold {
  date: string;
  time: string;
  expiresAt: Date;
}

/** Everything {@link computeAvailability} needs, already filtered to one location. */
export interface AvailabilityInput {
  /** First date, "YYYY-MM-DD", included. */
  from: string;
  /** Last date, "YYYY-MM-DD", included. */
  to: string;
  /** The location's IANA time zone, e.g. "America/Los_Angeles". */
  timezone: string;
  /** Slot start times "HH:MM" in the location's time zone. */
  slotTimes: readonly string[];
  chefs: readonly ChefSchedule[];
  timeOff: readonly TimeOffRange[];
  blackoutDates: readonly string[];
  bookings: readonly SlotBooking[];
  holds: readonly SlotHold[];
  now: Date;
  settings: { minLeadHours: number; maxLeadDays: number };
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
