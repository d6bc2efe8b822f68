/**
 * Building blocks shared by the request schemas: dates, times, counts, codes,
 * and the business limits the schemas enforce.
 *
 * @module
 */

import { z } from "zod";
import { isIsoDate, isIsoTime } from "../booking_window/dates.ts";
import {
  DEFAULT_MENU,
  DEFAULT_PRICING,
  type MenuItem,
} from "../pricing/types.ts";
import { MAX_CODES_PER_MAP, MENU_CODE_PATTERN } from "./limits.ts";

/**
 * The admin-editable numbers a schema checks against. Routes build schemas from
 * the current `pricing_settings` row and active menu; the defaults are the seed.
 */
export interface SchemaRules {
  proteinsPerGuest: number;
  maxPartySize: number;
  /** When set, `time` must be one of these. */
  slotTimes?: readonly string[];
  /** When set, protein and add-on codes must be active items of the right kind. */
  menu?: readonly MenuItem[];
}

/** The seed rules: 2 proteins per guest, party ≤ 50, the seed slot times and menu. */
export const DEFAULT_SCHEMA_RULES: Readonly<SchemaRules> = Object.freeze({
  proteinsPerGuest: DEFAULT_PRICING.proteinsPerGuest,
  maxPartySize: DEFAULT_PRICING.maxPartySize,
  slotTimes: DEFAULT_PRICING.slotTimes,
  menu: DEFAULT_MENU,
});

export { MAX_CODES_PER_MAP, MENU_CODE_PATTERN } from "./limits.ts";

/** A calendar date "YYYY-MM-DD" that exists. */
export const isoDate = z.string().max(10).refine(isIsoDate, {
  message: "must be a date written YYYY-MM-DD",
});

/** A wall-clock time "HH:MM". */
export const isoTime = z.string().max(5).refine(isIsoTime, {
  message: "must be a time written HH:MM",
});

/** A non-negative integer count no larger than `max`. */
export function count(max: number) {
  return z.number().int().min(0).max(max);
}

/** A menu code: lowercase letters, digits and underscores (also keeps `__proto__` out). */
export const menuCode = z.string().regex(MENU_CODE_PATTERN, {
  message: "must be a menu code (lowercase letters, digits, underscores)",
});

/** A map of menu code → servings, at most {@link MAX_CODES_PER_MAP} codes. */
export function servingsMap(maxPerCode: number) {
  return z.record(menuCode, count(maxPerCode)).refine(
    (m) => Object.keys(m).length <= MAX_CODES_PER_MAP,
    { message: `at most ${MAX_CODES_PER_MAP} different items` },
  );
}

/** A five-digit US ZIP code. */
export const usZip = z.string().regex(/^\d{5}$/, {
  message: "must be a 5-digit US ZIP code",
});

/** A location id or slug. */
export const locationRef = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
  message: "must be a location id or slug",
});
