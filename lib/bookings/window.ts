/**
 * The booking-window check shared by holds, bookings and reschedules.
 *
 * @module
 */
import {
  type BookingWindowSettings,
  isWithinBookingWindow,
  slotStartInstant,
} from "../booking_window/mod.ts";
import { outsideWindow } from "./errors.ts";

/**
 * The slot's start instant in the location's zone, when it lies within the
 * booking window at `now`.
 *
 * @throws {BookingError} 422 `OUTSIDE_BOOKING_WINDOW` otherwise.
 */
export function requireWithinWindow(
  date: string,
  time: string,
  timezone: string,
  now: Date,
  settings: BookingWindowSettings,
): Date {
  const start = slotStartInstant(date, time, timezone);
  if (!isWithinBookingWindow(start, now, settings)) {
    throw outsideWindow(settings.minLeadHours, settings.maxLeadDays);
  }
  return start;
}
