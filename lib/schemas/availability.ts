/**
 * `GET /api/availability` query (SPEC §5).
 *
 * @module
 */

import { z } from "zod";
import { daysBetween, isIsoDate } from "../booking_window/dates.ts";
import { isoDate, locationRef, usZip } from "./common.ts";

/** Most dates one availability request may cover, both ends included. */
export const MAX_AVAILABILITY_DAYS = 62;

/**
 * The strict `{from, to, location?, zip?}` query: `to` ≥ `from`, at most 62
 * dates. With `zip` the location is the nearest serving it (or `location`,
 * which must then serve it).
 */
export const availabilityQuerySchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  location: locationRef.optional(),
  zip: usZip.optional(),
}).superRefine((v, ctx) => {
  // zod 4 still runs this when a date failed its own (non-aborting) refine.
  if (!isIsoDate(v.from) || !isIsoDate(v.to)) return;
  const span = daysBetween(v.from, v.to);
  if (span < 0) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: "must not be before from",
    });
  } else if (span + 1 > MAX_AVAILABILITY_DAYS) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `the range may cover at most ${MAX_AVAILABILITY_DAYS} days`,
    });
  }
});

/** A validated availability query. */
export type AvailabilityQuery = z.output<typeof availabilityQuerySchema>;

/**
 * Turns URL search parameters into the object the schema checks. A repeated key
 * becomes an array, so the schema reports it as a wrong type instead of silently
 * taking one of the values.
 */
export function searchParamsToObject(
  params: URLSearchParams,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}
