/**
 * A hand-written acceptance check for the common `POST /api/quote` body: a
 * JSON object whose every field is plainly valid. Profiling showed zod's
 * general machinery to be the largest quote-specific cost per request
 * (ADR 0045), so a body this check accepts skips it. It never rejects:
 * anything it does not recognise as valid (wrong types, out-of-range
 * numbers, unknown keys, a cross-field rule broken) returns null and the
 * caller runs the zod schema, which words every issue as before. The
 * accepted subset and its output are checked against the schema by a
 * property test (tests/unit/quote_fast_test.ts).
 *
 * @module
 */
import { isIsoDate } from "../booking_window/dates.ts";
import { menuCodeIssues, proteinSumIssue } from "../pricing/quote.ts";
import type { SchemaRules } from "./common.ts";
import {
  MAX_CODES_PER_MAP,
  MENU_CODE_PATTERN,
  QUOTE_COUNT_LIMITS,
} from "./limits.ts";
import type { QuoteBody } from "./quote.ts";

const ZIP = /^\d{5}$/;
const LOCATION_REF = /^[A-Za-z0-9_-]{1,64}$/;
const KNOWN_KEYS = new Set([
  "adults",
  "children",
  "under6",
  "proteins",
  "extraProteins",
  "addons",
  "zip",
  "gratuityPercent",
  "location",
  "date",
]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isCount(v: unknown, max: number): v is number {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
}

/** A copy of a code → servings map, or null unless plainly valid. */
function servings(
  v: unknown,
  maxPerCode: number,
): Record<string, number> | null {
  if (!isPlainObject(v)) return null;
  const keys = Object.keys(v);
  if (
    keys.length > MAX_CODES_PER_MAP ||
    Object.getOwnPropertySymbols(v).length > 0
  ) {
    return null;
  }
  const out: Record<string, number> = {};
  for (const key of keys) {
    const n = v[key];
    if (!MENU_CODE_PATTERN.test(key) || !isCount(n, maxPerCode)) return null;
    out[key] = n;
  }
  return out;
}

/** An absent map (undefined), a plainly valid copy, or null. */
function optionalServings(
  v: unknown,
  maxPerCode: number,
): Record<string, number> | null | undefined {
  return v === undefined ? undefined : servings(v, maxPerCode);
}

/**
 * `body` as {@link QuoteBody} when it is plainly valid under `rules` (the
 * result equals what `quoteBodySchema(rules)` parses it to), else null: the
 * caller then parses it with the schema for the exact issues.
 */
export function acceptQuoteBody(
  body: unknown,
  rules: SchemaRules,
): QuoteBody | null {
  if (!isPlainObject(body)) return null;
  if (Object.getOwnPropertySymbols(body).length > 0) return null;
  for (const key in body) {
    if (!KNOWN_KEYS.has(key) || body[key] === undefined) return null;
  }
  const guests = rules.maxPartySize;
  const { adults, children, under6, zip, gratuityPercent, location, date } =
    body;
  if (!isCount(adults, guests) || !isCount(children, guests)) return null;
  if (under6 !== undefined && !isCount(under6, guests)) return null;
  if (typeof zip !== "string" || !ZIP.test(zip)) return null;
  if (
    gratuityPercent !== undefined &&
    !isCount(gratuityPercent, QUOTE_COUNT_LIMITS.gratuityPercent)
  ) {
    return null;
  }
  if (
    location !== undefined &&
    (typeof location !== "string" || !LOCATION_REF.test(location))
  ) {
    return null;
  }
  if (
    date !== undefined &&
    (typeof date !== "string" || date.length > 10 || !isIsoDate(date))
  ) {
    return null;
  }
  const proteins = servings(
    body.proteins,
    rules.proteinsPerGuest * rules.maxPartySize,
  );
  if (!proteins) return null;
  const extras = optionalServings(
    body.extraProteins,
    QUOTE_COUNT_LIMITS.extraProteinServings,
  );
  const addons = optionalServings(
    body.addons,
    QUOTE_COUNT_LIMITS.addonServings,
  );
  if (extras === null || addons === null) return null;
  // Keys in the schema's shape order, as zod builds its output.
  const out: Partial<QuoteBody> = { adults, children };
  if (under6 !== undefined) out.under6 = under6 as number;
  out.proteins = proteins;
  if (extras) out.extraProteins = extras;
  if (addons) out.addons = addons;
  out.zip = zip;
  if (gratuityPercent !== undefined) {
    out.gratuityPercent = gratuityPercent as number;
  }
  if (location !== undefined) out.location = location;
  if (date !== undefined) out.date = date;
  // The schema's cross-field rules (checkQuoteFields): any issue means the
  // schema must word it.
  const fed = adults + children;
  if (fed < 1 || fed + (out.under6 ?? 0) > guests) return null;
  const parsed = out as QuoteBody;
  if (rules.menu && menuCodeIssues(parsed, rules.menu).length > 0) return null;
  if (proteinSumIssue(parsed, rules)) return null;
  return parsed;
}
