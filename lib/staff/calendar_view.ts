/**
 * The `/admin/calendar` views (SPEC §4): which dates a week or month view of
 * a day shows, and its neighbours. Pure (callers pass the day); weeks start
 * on Monday (ISO).
 *
 * @module
 */
import { z } from "zod";
import { addDays, isoWeekday } from "../booking_window/mod.ts";

/** The two calendar views. */
export const CALENDAR_VIEWS = ["month", "week"] as const;
export type CalendarView = typeof CALENDAR_VIEWS[number];

/** `/admin/calendar` query: `location`, `view`, `date` (all optional). */
export const calendarPageQuerySchema = z.strictObject({
  location: z.string().trim().min(1).max(100).optional(),
  view: z.enum(CALENDAR_VIEWS).default("week"),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
    .refine(
      (s) =>
        !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
        new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      "invalid date",
    ).optional(),
});
export type CalendarPageQuery = z.output<typeof calendarPageQuerySchema>;

/** The range a view of `date` covers, the grid it fetches, and its neighbours. */
export interface ViewRange {
  view: CalendarView;
  /** First and last date of the period (the month, or Monday–Sunday). */
  from: string;
  to: string;
  /** Whole weeks (Monday–Sunday) covering the period, for the grid. */
  gridFrom: string;
  gridTo: string;
  /** A date in the previous and the next period. */
  prev: string;
  next: string;
  /** Human title ("December 2026", "Week of 2026-11-30"). */
  title: string;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Monday of the ISO week of `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The range of a week or month view around `date`. */
export function viewRange(view: CalendarView, date: string): ViewRange {
  if (view === "week") {
    const from = mondayOf(date);
    const to = addDays(from, 6);
    return {
      view,
      from,
      to,
      gridFrom: from,
      gridTo: to,
      prev: addDays(from, -7),
      next: addDays(from, 7),
      title: `Week of ${from}`,
    };
  }
  const [y, m] = date.split("-").map(Number);
  const from = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
  const nextMonth = m === 12
    ? `${String(y + 1).padStart(4, "0")}-01-01`
    : `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-01`;
  const to = addDays(nextMonth, -1);
  const gridFrom = mondayOf(from);
  const gridTo = addDays(mondayOf(to), 6);
  return {
    view,
    from,
    to,
    gridFrom,
    gridTo,
    prev: addDays(from, -1),
    next: nextMonth,
    title: `${MONTHS[m - 1]} ${y}`,
  };
}
