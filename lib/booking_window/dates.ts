/**
 * Calendar dates as "YYYY-MM-DD" strings: validation and day arithmetic.
 *
 * These are dates without a time zone (a wall-calendar day), so plain UTC
 * calendar arithmetic is exact here; instants in a zone live in `zone.ts`.
 *
 * @module
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

/** The numbers of "YYYY-MM-DD" when it names a real calendar date, else null. */
function dateParts(
  value: string,
): { year: number; month: number; day: number } | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
    ? { year, month, day }
    : null;
}

/** True for a real calendar date written "YYYY-MM-DD" (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  return dateParts(value) !== null;
}

/** True for a 24-hour wall-clock time written "HH:MM" (00:00–23:59). */
export function isIsoTime(value: string): boolean {
  return TIME.test(value);
}

/** Splits "YYYY-MM-DD" into numbers; throws on an invalid date. */
export function parseIsoDate(
  date: string,
): { year: number; month: number; day: number } {
  const parts = dateParts(date);
  if (!parts) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return parts;
}

/** Splits "HH:MM" into numbers; throws on an invalid time. */
export function parseIsoTime(time: string): { hour: number; minute: number } {
  if (!isIsoTime(time)) throw new RangeError(`not an HH:MM time: ${time}`);
  const [hour, minute] = time.split(":").map(Number);
  return { hour, minute };
}

function toUtcDay(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromUtcDay(toUtcDay(date) + days * DAY_MS);
}

/** Whole calendar days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcDay(to) - toUtcDay(from)) / DAY_MS);
}

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const d = new Date(toUtcDay(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Every date from `from` to `to`, both included; empty when `to` < `from`. */
export function datesInRange(from: string, to: string): string[] {
  const out: string[] = [];
  const n = daysBetween(from, to);
  for (let i = 0; i <= n; i++) out.push(addDays(from, i));
  return out;
}
