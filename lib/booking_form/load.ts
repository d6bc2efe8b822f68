/**
 * Server-side loading for the booking pages, through the booking service.
 *
 * @module
 */
import { type Db, withClaims } from "../db/mod.ts";
import type { CatalogSource } from "../http/route.ts";
import {
  availability,
  BookingError,
  type Catalog,
  loadCatalog,
} from "../bookings/mod.ts";
import type { DateAvailability } from "../availability/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { describeIssue } from "./steps.ts";
import { fieldOfIssue, type MessageLimits } from "./messages.ts";
import type { WizardState } from "./state.ts";
import { addMonths, monthRange } from "./format.ts";
import { freeTimes } from "./calendar.ts";

/** The current settings and menu, read as an anonymous visitor. */
export async function loadPageCatalog(
  db: Db,
  source?: CatalogSource,
): Promise<Catalog> {
  if (source?.snapshot) {
    return source.snapshot.catalogOn(undefined, source.now).catalog;
  }
  return await withClaims(db, null, (tx) => loadCatalog(tx), {
    readOnly: true,
  });
}

/** The month ("YYYY-MM") a date picker opens on: the chosen date's, else the first bookable one's. */
export function openingMonth(
  chosenDate: string,
  now: Date,
  minLeadHours: number,
): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(chosenDate)) return chosenDate.slice(0, 7);
  return new Date(now.getTime() + minLeadHours * 3_600_000).toISOString()
    .slice(0, 7);
}

/**
 * Dates of `month` at `location` that are free or fully booked, each with
 * only its free slots ({@link freeTimes}; none: fully booked).
 */
export async function bookableDates(
  db: Db,
  month: string,
  now: Date,
  location?: string,
): Promise<DateAvailability[]> {
  const query = location
    ? { ...monthRange(month), location }
    : monthRange(month);
  const { dates } = await availability(db, query, now);
  return freeTimes(dates);
}

/**
 * The first bookable slot at `location` from `from` (a "YYYY-MM" month) up
 * to `last` (inclusive), month by month; null when every slot is taken.
 */
export async function firstBookableSlot(
  db: Db,
  now: Date,
  from: string,
  last: string,
  location?: string,
): Promise<{ date: string; time: string } | null> {
  for (let m = from; m <= last; m = addMonths(m, 1)) {
    const first = (await bookableDates(db, m, now, location)).find((d) =>
      d.slots.length > 0
    );
    if (first) return { date: first.date, time: first.slots[0].time };
  }
  return null;
}

/** Months a picker may move between: from the opening month to one year later. */
export function monthBounds(now: Date, maxLeadDays: number): {
  first: string;
  last: string;
} {
  const first = now.toISOString().slice(0, 7);
  const last = new Date(now.getTime() + maxLeadDays * 86_400_000)
    .toISOString().slice(0, 7);
  return { first, last: last < first ? addMonths(first, 12) : last };
}

/** A service refusal as field → message, worded for people. */
export function errorsOf(
  err: BookingError,
  state: WizardState,
  limits?: MessageLimits,
): Record<string, string> {
  if (err.issues.length === 0) return { "": err.message };
  const out: Record<string, string> = {};
  // Schema failures are reworded for people from the typed value; any other
  // refusal (a limit, the service area) already says what happened.
  const reword = err.code === ERROR_CODES.VALIDATION_FAILED;
  for (const issue of err.issues) {
    out[fieldOfIssue(issue.path)] ??= reword
      ? describeIssue(issue, state, limits)
      : issue.message;
  }
  return out;
}
