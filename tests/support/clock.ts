/**
 * Clocks and calendar dates for tests: nothing here slices UTC strings for a
 * calendar date, so the suite gives the same answers at any hour and in any
 * machine time zone.
 *
 * The business runs on the location's time (America/Los_Angeles). A test
 * that needs "now" passes a fixed clock to `startApp({ clock })` and picks
 * its dates from that same instant in the location's zone.
 *
 * Choosing the instant: the database still stamps holds (`expires_at`),
 * `updated_at` and history rows with its own `now()`, which is the real
 * time. So the default test instant is a fixed Los Angeles wall-clock time on
 * *today's* Los Angeles date ({@link testInstant}): the app's clock and the
 * database's `now()` then differ by less than 24 hours, event dates a few
 * days after the app's "now" are in the future for the database too, and
 * which hour the suite runs at no longer matters. The four-instant runs
 * (`tests/api/clock_instants_test.ts`) check the date rules at 02:00, 09:00,
 * 17:00 and 23:30 on today's date and on the next US DST change days.
 *
 * @module
 */
import { TZDate } from "@date-fns/tz";
import type { Clock } from "../../lib/app/parts.ts";
import {
  addDays,
  isoWeekday,
  localDateOf,
  slotStartInstant,
} from "../../lib/booking_window/mod.ts";

export type { Clock };

/** The seeded locations' time zone (supabase/seed.sql). */
export const ZONE = "America/Los_Angeles";

/** The four Los Angeles wall-clock times every date rule is checked at. */
export const FOUR_TIMES = ["02:00", "09:00", "17:00", "23:30"] as const;

/** A clock that always answers `instant`. */
export function fixedClock(instant: Date): Clock {
  const ms = instant.getTime();
  return () => new Date(ms);
}

/** The instant of wall-clock `time` ("HH:MM") on `date` in `zone`. */
export function instantAt(date: string, time: string, zone = ZONE): Date {
  return slotStartInstant(date, time, zone);
}

/** The calendar date ("YYYY-MM-DD") `instant` falls on in `zone`. */
export function dateIn(instant: Date, zone = ZONE): string {
  return localDateOf(instant, zone);
}

/** Today's date in `zone` by the real clock (only for choosing instants). */
export function realToday(zone = ZONE): string {
  return localDateOf(new Date(), zone);
}

/**
 * The default test "now": wall-clock `time` on today's real date in `zone`,
 * so the database's `now()` is less than 24 hours away (see the module doc).
 */
export function testInstant(time = "12:00", zone = ZONE): Date {
  return instantAt(realToday(zone), time, zone);
}

/**
 * Wall-clock `time` on *tomorrow's* date in `zone`: always after the
 * database's `now()` (and less than 48 hours from it), for tests that drain
 * the outbox on the app's clock. Rows the database queues are stamped
 * `send_after = now()` by its real clock, so a test "now" earlier today
 * would see them as not yet due (such tests failed after 10:00 in Los
 * Angeles).
 */
export function outboxTestInstant(time = "12:00", zone = ZONE): Date {
  return instantAt(addDays(realToday(zone), 1), time, zone);
}

/** The date `days` calendar days after the date of `instant` in `zone`. */
export function daysAfter(instant: Date, days: number, zone = ZONE): string {
  return addDays(dateIn(instant, zone), days);
}

/**
 * The first date strictly after `from` (a date, or an instant read in
 * `zone`) that falls on ISO weekday `isoDow` (1 = Monday … 7 = Sunday).
 */
export function nextWeekday(
  isoDow: number,
  from: string | Date,
  zone = ZONE,
): string {
  let d = typeof from === "string" ? from : dateIn(from, zone);
  do d = addDays(d, 1); while (isoWeekday(d) !== isoDow);
  return d;
}

/** Minutes between UTC and `zone` at `instant` (−480 for PST, −420 for PDT). */
export function utcOffsetMinutes(instant: Date, zone = ZONE): number {
  return -new TZDate(instant.getTime(), zone).getTimezoneOffset();
}

/** Hours from local midnight to the next local midnight of `date` in `zone`. */
export function dayLengthHours(date: string, zone = ZONE): number {
  const start = instantAt(date, "00:00", zone).getTime();
  const end = instantAt(addDays(date, 1), "00:00", zone).getTime();
  return (end - start) / 3_600_000;
}

/**
 * The next two US DST change days (second Sunday of March, first Sunday of
 * November) strictly after `from`, e.g. 2027-03-14 and 2027-11-07. Computed
 * from the real date so they stay in the future for the database's `now()`.
 */
export function nextDstChangeDays(from = realToday()): string[] {
  const year = Number(from.slice(0, 4));
  const out: string[] = [];
  for (const y of [year, year + 1]) {
    const march = nextWeekday(7, nextWeekday(7, `${y}-02-28`));
    const november = nextWeekday(7, `${y}-10-31`);
    for (const d of [march, november]) if (d > from) out.push(d);
  }
  return out.sort().slice(0, 2);
}
