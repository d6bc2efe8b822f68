/**
 * The `insights` query (SPEC §5 `GET ?location&from&to`) as a zod schema,
 * shared by the Edge Function and the app (`lib/insights/request.ts`
 * re-exports it, ADR 0010).
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";

/** Days the forecast covers from today (issue 13: the next 90 days). */
export const FORECAST_DAYS = 90;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {
  message: "must be a date YYYY-MM-DD",
}).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, { message: "must be a real calendar date" });

/**
 * `location` is a location id (uuid) or slug; without it, the caller's
 * first location. `from`/`to` narrow the forecast within today … today + 89.
 */
export const insightsQuerySchema = z.strictObject({
  location: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/i, {
    message: "must be a location id or slug",
  }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ["to"],
  message: "must not be before from",
});

/** A validated insights query. */
export type InsightsQuery = z.output<typeof insightsQuerySchema>;
