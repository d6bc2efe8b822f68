/**
 * Deadlines of the booking lifecycle (SPEC §2 "Booking lifecycle"), as instants.
 * Every "N hours before" compares real elapsed time between UTC instants.
 *
 * @module
 */

import type { PricingSettings } from "../pricing/types.ts";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function hoursBefore(eventStart: Date, at: Date): number {
  return (eventStart.getTime() - at.getTime()) / HOUR_MS;
}

/** What a cancellation at a given moment means for the deposit. */
export interface CancellationOutcome {
  /** True when cancelled at least `freeCancellationHours` (96) before the start. */
  refundDeposit: boolean;
  /** The last instant at which cancelling still refunds the deposit. */
  refundDeadline: Date;
}

/**
 * Refund the deposit iff the cancellation is requested at least
 * `freeCancellationHours` (96 h) before the event start; later it is forfeited.
 */
export function cancellationOutcome(
  eventStart: Date,
  requestedAt: Date,
  settings: Pick<PricingSettings, "freeCancellationHours">,
): CancellationOutcome {
  return {
    refundDeposit:
      hoursBefore(eventStart, requestedAt) >= settings.freeCancellationHours,
    refundDeadline: new Date(
      eventStart.getTime() - settings.freeCancellationHours * HOUR_MS,
    ),
  };
}

/**
 * The fee in cents for a reschedule requested at `requestedAt`: 0 for the first
 * reschedule (`previousReschedules` = 0) at least `freeRescheduleHours` (24 h)
 * before the event, otherwise `rescheduleFeeCents` (10000).
 */
export function rescheduleFeeCents(
  eventStart: Date,
  requestedAt: Date,
  previousReschedules: number,
  settings: Pick<PricingSettings, "freeRescheduleHours" | "rescheduleFeeCents">,
): number {
  const free = previousReschedules === 0 &&
    hoursBefore(eventStart, requestedAt) >= settings.freeRescheduleHours;
  return free ? 0 : settings.rescheduleFeeCents;
}

/** True while the guest count may still change: until `guestCountFinalHours` (24 h) before the start. */
export function canChangeGuestCount(
  eventStart: Date,
  at: Date,
  settings: Pick<PricingSettings, "guestCountFinalHours">,
): boolean {
  return hoursBefore(eventStart, at) >= settings.guestCountFinalHours;
}

/** True while the menu may still change: until `menuFinalHours` (12 h) before the start. */
export function canChangeMenu(
  eventStart: Date,
  at: Date,
  settings: Pick<PricingSettings, "menuFinalHours">,
): boolean {
  return hoursBefore(eventStart, at) >= settings.menuFinalHours;
}

/** When an unpaid `pending_deposit` booking created at `createdAt` expires (24 h later). */
export function depositDueAt(
  createdAt: Date,
  settings: Pick<PricingSettings, "depositDueHours">,
): Date {
  return new Date(createdAt.getTime() + settings.depositDueHours * HOUR_MS);
}

/** When a hold placed at `now` stops reserving its slot (15 min later). */
export function holdExpiresAt(
  now: Date,
  settings: Pick<PricingSettings, "holdMinutes">,
): Date {
  return new Date(now.getTime() + settings.holdMinutes * MINUTE_MS);
}
