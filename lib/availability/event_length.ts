/**
 * How long a chef is busy at an event.
 *
 * @module
 */

/**
 * Event length in minutes by total headcount (adults + children + under 6):
 * 90 up to 10 guests, 105 up to 20, 120 above (SPEC §2).
 */
export function eventLengthMinutes(guests: number): number {
  if (guests <= 10) return 90;
  if (guests <= 20) return 105;
  return 120;
}
