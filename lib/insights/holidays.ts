/**
 * US holidays for the demand forecast, from the maintained `date-holidays`
 * package (public holidays and observances such as Mother's Day, Halloween
 * and New Year's Eve, when parties are booked), not a hand-typed table.
 *
 * @module
 */
import type { HolidayOf } from "./types.ts";

/** Holiday types that move private-party demand (bank and school days do not). */
const TYPES = new Set(["public", "observance", "optional"]);

/**
 * A lookup of the US holiday on a date ("YYYY-MM-DD" → name or null). Each
 * year is read from the package once per lookup object. The package (all
 * countries' rules) is loaded here, not with the app: only the insights
 * computation needs it.
 */
export async function usHolidays(): Promise<HolidayOf> {
  const { default: Holidays } = await import("date-holidays");
  const hd = new Holidays("US");
  const years = new Map<number, Map<string, string>>();
  const yearMap = (year: number) => {
    let m = years.get(year);
    if (!m) {
      m = new Map();
      for (const h of hd.getHolidays(year)) {
        if (!TYPES.has(h.type)) continue;
        const date = h.date.slice(0, 10);
        if (!m.has(date)) m.set(date, h.name);
      }
      years.set(year, m);
    }
    return m;
  };
  return (date) => yearMap(Number(date.slice(0, 4))).get(date) ?? null;
}
