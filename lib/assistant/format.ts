/**
 * How the assistant writes money, dates and times. The number checker reads
 * these forms (and the usual other ones) back.
 *
 * @module
 */

import { formatUsd } from "../site/money.ts";
import { parseIsoDate, parseIsoTime } from "../booking_window/dates.ts";

export { formatUsd };

const WEEKDAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];
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

/** "2026-05-16" → "Saturday, May 16". */
export function formatDate(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${MONTHS[month - 1]} ${day}`;
}

/** "18:00" → "6 pm", "12:00" → "noon", "15:30" → "3:30 pm". */
export function formatTime(time: string): string {
  const { hour, minute } = parseIsoTime(time);
  if (hour === 12 && minute === 0) return "noon";
  if (hour === 0 && minute === 0) return "midnight";
  const suffix = hour < 12 ? "am" : "pm";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0
    ? `${h12} ${suffix}`
    : `${h12}:${String(minute).padStart(2, "0")} ${suffix}`;
}

/** "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "1 adult", "2 adults". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
