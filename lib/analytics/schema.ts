/**
 * Query of the analytics report and of the CSV exports (SPEC §5 `GET
 * /api/staff/analytics?from&to&location`, `GET
 * /api/staff/exports/{bookings|payments|customers}.csv?from&to&location`);
 * the `/admin/analytics` page reads the same fields from its URL.
 *
 * @module
 */
import { z } from "zod";
import { daysBetween, isIsoDate } from "../booking_window/dates.ts";

const isoDate = z.string().max(10).refine(isIsoDate, {
  message: "must be a date YYYY-MM-DD",
});

/** The longest range a report or export covers (two years and a leap day). */
export const MAX_RANGE_DAYS = 731;

/** `?from&to&location`: business days, inclusive; a location slug. */
export const analyticsQuerySchema = z.strictObject({
  /** First business day (default: the first of the month eleven months ago). */
  from: isoDate.optional(),
  /** Last business day (default: today). */
  to: isoDate.optional(),
  /** A location slug; default every location the caller runs. */
  location: z.string().trim().min(1).max(100).regex(/^[a-z0-9-]+$/, {
    message: "a location slug",
  }).optional(),
}).superRefine((q, ctx) => {
  if (!q.from || !q.to) return;
  if (q.to < q.from) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: "must not be before from",
    });
  } else if (daysBetween(q.from, q.to) > MAX_RANGE_DAYS) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `the range spans at most ${MAX_RANGE_DAYS} days`,
    });
  }
});

/** A validated analytics query (dates may still be defaulted). */
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

/** The three CSV exports. */
export const EXPORT_KINDS = ["bookings", "payments", "customers"] as const;
/** One of {@link EXPORT_KINDS}. */
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** `{file}` of `GET /api/staff/exports/{file}`. */
export const exportParamsSchema = z.strictObject({
  file: z.enum(["bookings.csv", "payments.csv", "customers.csv"]),
});
