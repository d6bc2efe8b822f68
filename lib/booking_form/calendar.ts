/**
 * The date step's month calendar (ADR 0038): the weeks of a month and where
 * the keyboard moves focus in it, as plain functions over "YYYY-MM-DD"
 * strings (wall-clock dates of the base, so no time zone is involved).
 *
 * @module
 */

import type { DateAvailability } from "../availability/types.ts";

const DAY_MS = 86_400_000;

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return iso(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** 0 for Sunday … 6 for Saturday. */
export function weekday(date: string): number {
  return toUtc(date).getUTCDay();
}

/**
 * The weeks (Sunday first) of a "YYYY-MM" month; days of the neighbouring
 * months are null.
 */
export function monthWeeks(month: string): (string | null)[][] {
  const first = `${month}-01`;
  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = Array(weekday(first)).fill(null);
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) {
    weeks.push([...week, ...Array(7 - week.length).fill(null)]);
  }
  return weeks;
}

/** Keys the calendar grid answers (WAI-ARIA APG date grid). */
export const CALENDAR_KEYS = [
  "ArrowLeft",
  "ArrowRight",
  "ArrowUp",
  "ArrowDown",
  "Home",
  "End",
  "PageUp",
  "PageDown",
] as const;

/** One of {@link CALENDAR_KEYS}. */
export type CalendarKey = typeof CALENDAR_KEYS[number];

/**
 * Where focus goes from `date` on `key`: a day either way, a week up or down,
 * the start or end of the week, the same day a month earlier or later
 * (clamped to that month's length).
 */
export function moveInCalendar(date: string, key: CalendarKey): string {
  switch (key) {
    case "ArrowLeft":
      return addDays(date, -1);
    case "ArrowRight":
      return addDays(date, 1);
    case "ArrowUp":
      return addDays(date, -7);
    case "ArrowDown":
      return addDays(date, 7);
    case "Home":
      return addDays(date, -weekday(date));
    case "End":
      return addDays(date, 6 - weekday(date));
    case "PageUp":
    case "PageDown": {
      const [y, m, d] = date.split("-").map(Number);
      const target = new Date(
        Date.UTC(y, m - 1 + (key === "PageUp" ? -1 : 1), 1),
      );
      const last = new Date(
        Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
      ).getUTCDate();
      target.setUTCDate(Math.min(d, last));
      return iso(target);
    }
  }
}

/**
 * The dates a calendar shows as free or fully booked, each with only its
 * free times (none: fully booked, every chef's slot taken). Dates with no
 * chef working or outside the booking window (their slots are not reserved,
 * just not bookable) are left out: the calendar says "not available".
 */
export function freeTimes(dates: DateAvailability[]): DateAvailability[] {
  const out: DateAvailability[] = [];
  for (const d of dates) {
    const free = d.slots.filter((s) => s.available > 0);
    const full = d.slots.some((s) => s.capacity > 0) &&
      d.slots.every((s) => s.reserved >= s.capacity);
    if (free.length > 0 || full) out.push({ ...d, slots: free });
  }
  return out;
}
