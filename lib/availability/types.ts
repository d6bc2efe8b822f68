/**
 * Inputs and output of the slot availability computation (SPEC §2 "Availability",
 * §5 `GET /api/availability`).
 *
 * @module
 */

import type { BookingStatus } from "../booking_status/mod.ts";

/** Every booking status of the lifecycle (SPEC §2): lib/booking_status. */
export type { BookingStatus };

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

/** One slot of the SPEC §5 availability answer. */
export interface SlotAvailability {
  time: string;
  capacity: number;
  reserved: number;
  available: number;
}

/** One date of the SPEC §5 availability answer. */
export interface DateAvailability {
  date: string;
  slots: SlotAvailability[];
}

/** The SPEC §5 `GET /api/availability` body. */
export interface Availability {
  timezone: string;
  dates: DateAvailability[];
}
