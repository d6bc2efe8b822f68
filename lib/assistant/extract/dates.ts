/**
 * Dates and times in plain English ("next Saturday evening", "Dec 12",
 * "June 3rd at noon", "the 20th", "this weekend", "in July") read with
 * chrono-node relative to an injected `now` in the location's time zone.
 *
 * @module
 */

import * as chrono from "chrono-node";
import {
  addDays,
  isoWeekday,
  localDateOf,
  localTimeOf,
} from "../../booking_window/mod.ts";

/** When the customer wants the event. Absent fields were not said. */
export interface DateWish {
  /** The date asked for, "YYYY-MM-DD" (the first one when several). */
  date?: string;
  /** A range to look at ("this weekend", "in June", "between June 1 and 15"). */
  from?: string;
  to?: string;
  /** A start time "HH:MM", snapped to the nearest slot time when within 90 minutes. */
  time?: string;
}

const HOLIDAYS: ReadonlyArray<[RegExp, number, number]> = [
  [/\bchristmas eve\b/i, 12, 24],
  [/\b(?:christmas|xmas)(?: day)?\b/i, 12, 25],
  [/\bnew year'?s eve\b/i, 12, 31],
  [/\bnew year'?s(?: day)?\b/i, 1, 1],
  [/\b(?:fourth|4th) of july\b|\bindependence day\b/i, 7, 4],
  [/\bvalentine'?s(?: day)?\b/i, 2, 14],
  [/\bhalloween\b/i, 10, 31],
];

/** chrono's English parser plus "the 20th" (next such day of month) and a few holidays. */
function buildParser(): chrono.Chrono {
  const parser = chrono.casual.clone();
  parser.parsers.push({
    pattern: () => /\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b/i,
    extract: (context, match) => {
      const day = Number(match[1]);
      if (day < 1 || day > 31) return null;
      const ref = context.refDate;
      let year = ref.getFullYear();
      let month = ref.getMonth() + 1;
      if (day < ref.getDate()) {
        month += 1;
        if (month > 12) [month, year] = [1, year + 1];
      }
      return { day, month, year };
    },
  });
  for (const [re, month, day] of HOLIDAYS) {
    parser.parsers.push({
      pattern: () => re,
      extract: (context) => {
        const ref = context.refDate;
        const passed = ref.getMonth() + 1 > month ||
          (ref.getMonth() + 1 === month && ref.getDate() > day);
        return { day, month, year: ref.getFullYear() + (passed ? 1 : 0) };
      },
    });
  }
  return parser;
}

// Built once: a parser is configuration, never mutated after this line.
const PARSER = buildParser();

const pad = (n: number) => String(n).padStart(2, "0");

/** chrono reads its reference in the process's zone: hand it the location's wall clock. */
function wallClockReference(now: Date, timeZone: string): Date {
  const [y, mo, d] = localDateOf(now, timeZone).split("-").map(Number);
  const [h, mi] = localTimeOf(now, timeZone).split(":").map(Number);
  return new Date(y, mo - 1, d, h, mi, 0, 0);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "HH:MM" of the slot time nearest to `minutes` after midnight, if within 90 minutes. */
function snapToSlot(
  minutes: number,
  slotTimes: readonly string[],
): string | undefined {
  let best: string | undefined;
  let bestGap = Infinity;
  for (const t of slotTimes) {
    const [h, m] = t.split(":").map(Number);
    const gap = Math.abs(h * 60 + m - minutes);
    if (gap < bestGap) [best, bestGap] = [t, gap];
  }
  return bestGap <= 90 ? best : undefined;
}

/** A part of the day said in words, as a slot time. */
function partOfDay(
  text: string,
  slotTimes: readonly string[],
): string | undefined {
  const pick = (minutes: number) => snapToSlot(minutes, slotTimes);
  if (/\b(?:late (?:night|evening|dinner)|late-night|night owl)\b/.test(text)) {
    return pick(21 * 60);
  }
  if (/\b(?:lunch|lunchtime|noon|midday|brunch)\b/.test(text)) {
    return pick(12 * 60);
  }
  if (/\bafternoon\b/.test(text)) return pick(15 * 60);
  if (/\b(?:evening|dinner|dinnertime|tonight|night|supper)\b/.test(text)) {
    return pick(18 * 60);
  }
  return undefined;
}

/**
 * Reads the date, range and time a message asks for, relative to `now` in
 * `timeZone`. Dates are always in the future (chrono's forwardDate), as a
 * customer planning a party means.
 */
export function extractDateWish(
  message: string,
  now: Date,
  timeZone: string,
  slotTimes: readonly string[],
): DateWish {
  const text = message.toLowerCase().replace(/[’']/g, "'");
  const ref = wallClockReference(now, timeZone);
  const today = localDateOf(now, timeZone);
  const results = PARSER.parse(text, ref, { forwardDate: true })
    // Counts next to words chrono could take as times ("10 adults at 5") are not dates.
    .filter((r) => !/^\d{1,3}$/.test(r.text.trim()));
  const wish: DateWish = {};
  const dates: string[] = [];
  let hourMinutes: number | undefined;
  let monthOnly: { year: number; month: number } | undefined;
  for (const r of results) {
    // An end with a clock time is a time range ("6pm? 12" reads as 6 pm–midnight), not a second date.
    const end = r.end && !r.end.isCertain("hour") ? [r.end] : [];
    for (const c of [r.start, ...end]) {
      const hasDay = c.isCertain("day") || c.isCertain("weekday");
      if (hasDay) {
        dates.push(
          `${c.get("year")}-${pad(c.get("month")!)}-${pad(c.get("day")!)}`,
        );
      } else if (c.isCertain("month")) {
        monthOnly ??= { year: c.get("year")!, month: c.get("month")! };
      } else if (/\b(?:next|this|coming) week\b/.test(r.text)) {
        dates.push(
          `${c.get("year")}-${pad(c.get("month")!)}-${pad(c.get("day")!)}`,
        );
      }
      if (c.isCertain("hour")) {
        let hour = c.get("hour")!;
        // "at 3" means the afternoon at a dinner party, not 3 am.
        if (!c.isCertain("meridiem") && hour >= 1 && hour < 10) hour += 12;
        hourMinutes ??= hour * 60 + (c.get("minute") ?? 0);
      }
    }
  }
  // "Saturday the 16th": the day of month is more precise than the weekday.
  const unique = [...new Set(dates)].filter((d) => d >= today);
  if (unique.length > 0) {
    const sorted = [...unique].sort();
    wish.date = unique[0];
    const specific = results.find((r) =>
      r.start.isCertain("day") && !r.start.isCertain("weekday")
    );
    if (
      specific && results.some((r) => r.start.isCertain("weekday")) &&
      unique.length === 2 && /\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b/.test(text)
    ) {
      const c = specific.start;
      wish.date = `${c.get("year")}-${pad(c.get("month")!)}-${
        pad(c.get("day")!)
      }`;
    } else if (unique.length > 1) {
      wish.from = sorted[0];
      wish.to = sorted[sorted.length - 1];
    }
    if (/\bweekend\b/.test(text) && !wish.to) {
      const d = wish.date;
      const wd = isoWeekday(d);
      const sat = wd === 7 ? addDays(d, -1) : addDays(d, 6 - wd);
      delete wish.date;
      wish.from = sat < today ? d : sat;
      wish.to = addDays(sat, 1);
    } else if (/\b(?:next|this|coming) week\b/.test(text) && !wish.to) {
      const d = wish.date;
      const monday = addDays(d, 1 - isoWeekday(d));
      delete wish.date;
      wish.from = monday < today ? today : monday;
      wish.to = addDays(monday, 6);
    }
  } else if (monthOnly) {
    const { year, month } = monthOnly;
    const first = `${year}-${pad(month)}-01`;
    const last = `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`;
    if (last >= today) {
      wish.from = first < today ? today : first;
      wish.to = last;
    }
  }
  if (hourMinutes !== undefined) {
    wish.time = snapToSlot(hourMinutes, slotTimes);
  }
  wish.time ??= partOfDay(text, slotTimes);
  if (wish.time === undefined) delete wish.time;
  return wish;
}
