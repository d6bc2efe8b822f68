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
  const { earliest, latest } = bookingWindowBounds(now, settings);
  const t = instant.getTime();
  return t >= earliest.getTime() && t <= latest.getTime();
}

/**
 * The first instant (epoch ms) after `now` at which
 * {@link isWithinBookingWindow} changes its answer for an event starting at
 * `instant`, or `Infinity` once it never will again: the window opens at
 * `instant − maxLeadDays` and closes just after `instant − minLeadHours`.
 * A view computed at `now` stays right until then.
 */
export function bookingWindowChangeAfter(
  instant: Date,
  now: Date,
  settings: BookingWindowSettings,
): number {
  const t = instant.getTime();
  const opens = t - settings.maxLeadDays * DAY_MS;
  const closes = t - settings.minLeadHours * HOUR_MS + 1;
  const at = now.getTime();
  if (at < opens) return opens;
  if (at < closes) return closes;
  return Infinity;
}
