/**
 * The booking window: how far ahead an event may be booked.
 *
 * @module
 */

import type { PricingSettings } from "../pricing/types.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The settings the booking window reads. */
export type BookingWindowSettings = Pick<
  PricingSettings,
  "minLeadHours" | "maxLeadDays"
>;

/**
 * The earliest and latest event start instants bookable at `now`: from
 * `minLeadHours` (48) hours ahead to `maxLeadDays` (365) days of 24 hours ahead,
 * both ends included.
 */
export function bookingWindowBounds(
  now: Date,
  settings: BookingWindowSettings,
): { earliest: Date; latest: Date } {
  return {
    earliest: new Date(now.getTime() + settings.minLeadHours * HOUR_MS),
    latest: new Date(now.getTime() + settings.maxLeadDays * DAY_MS),
  };
}

/**
 * True when an event starting at `instant` may be booked at `now`
 * (see {@link bookingWindowBounds}). Compare instants, never wall times, so DST
 * cannot stretch or shrink the 48 hours.
 */
export function isWithinBookingWindow(
  instant: Date,
  now: Date,
  settings: BookingWindowSettings,
): boolean {
  return bookingWindowAt(now, settings).contains(instant.getTime());
}

/** The booking window at one `now`, for many event starts (epoch ms). */
export interface BookingWindowAt {
  /** {@link isWithinBookingWindow} of an event starting at `startMs`. */
  contains(startMs: number): boolean;
  /**
   * The first instant (epoch ms) after `now` at which {@link contains}
   * changes its answer for `startMs`, or `Infinity` once it never will: the
   * window opens at start − `maxLeadDays` and closes just after start −
   * `minLeadHours`. A view computed at `now` stays right until then.
   */
  changeAfter(startMs: number): number;
}

/** The bounds of {@link bookingWindowBounds} computed once for many slots. */
export function bookingWindowAt(
  now: Date,
  settings: BookingWindowSettings,
): BookingWindowAt {
  const { earliest, latest } = bookingWindowBounds(now, settings);
  const at = now.getTime();
  const minLead = earliest.getTime() - at;
  const maxLead = latest.getTime() - at;
  return {
    contains: (t) => t >= at + minLead && t <= at + maxLead,
    changeAfter(t) {
      const opens = t - maxLead;
      const closes = t - minLead + 1;
      return at < opens ? opens : at < closes ? closes : Infinity;
    },
  };
}
