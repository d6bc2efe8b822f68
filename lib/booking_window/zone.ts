/**
 * Wall-clock times in a location's IANA time zone ↔ UTC instants, via @date-fns/tz
 * (no hand-rolled offset math, so DST transitions come from the tz database).
 *
 * @module
 */

import { TZDate } from "@date-fns/tz";
import { parseIsoDate, parseIsoTime } from "./dates.ts";

// Building an Intl.DateTimeFormat costs tens of microseconds; availability asks per slot.
const knownZones = new Set<string>();

/** True when `timeZone` is an IANA zone this runtime knows (e.g. "America/Los_Angeles"). */
export function isTimeZone(timeZone: string): boolean {
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return false;
  }
  knownZones.add(timeZone);
  return true;
}

function requireZone(timeZone: string): void {
  if (!isTimeZone(timeZone)) {
    throw new RangeError(`unknown time zone: ${timeZone}`);
  }
}

/**
 * The UTC instant at which a slot starts: wall-clock `time` ("HH:MM") on `date`
 * ("YYYY-MM-DD") in `timeZone`.
 *
 * DST: a wall time that does not exist (spring-forward gap, e.g. 02:30 on the
 * second Sunday of March in Los Angeles) moves forward by the gap (→ 03:30 PDT);
 * a wall time that happens twice (fall-back, e.g. 01:30 on the first Sunday of
 * November) resolves to the first occurrence (PDT). Slot times (12:00–21:00) are
 * never in either window.
 */
export function slotStartInstant(
  date: string,
  time: string,
  timeZone: string,
): Date {
  const key = `${date} ${time} ${timeZone}`;
  let ms = slotInstants.get(key);
  if (ms === undefined) {
    requireZone(timeZone);
    const { year, month, day } = parseIsoDate(date);
    const { hour, minute } = parseIsoTime(time);
    ms = new TZDate(year, month - 1, day, hour, minute, 0, 0, timeZone)
      .getTime();
    // A year of four daily slots at a few locations fits many times over.
    if (slotInstants.size >= MAX_SLOT_INSTANTS) slotInstants.clear();
    slotInstants.set(key, ms);
  }
  return new Date(ms);
}

// Converting through the tz database costs ~30 µs, and a two-month
// availability view asks 248 times per request; the answer never changes.
const MAX_SLOT_INSTANTS = 20_000;
const slotInstants = new Map<string, number>();

/** The calendar date ("YYYY-MM-DD") that `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  requireZone(timeZone);
  const z = new TZDate(instant.getTime(), timeZone);
  const mm = String(z.getMonth() + 1).padStart(2, "0");
  const dd = String(z.getDate()).padStart(2, "0");
  return `${String(z.getFullYear()).padStart(4, "0")}-${mm}-${dd}`;
}

/** The wall-clock time ("HH:MM") of `instant` in `timeZone`. */
export function localTimeOf(instant: Date, timeZone: string): string {
  requireZone(timeZone);
  const z = new TZDate(instant.getTime(), timeZone);
  return `${String(z.getHours()).padStart(2, "0")}:${
    String(z.getMinutes()).padStart(2, "0")
  }`;
}
