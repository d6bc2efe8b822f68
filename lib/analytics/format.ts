/**
 * Presentation helpers of the analytics page: rates as percentages and the
 * month-over-month change of revenue earned.
 *
 * @module
 */
import type { MonthRow } from "./report.ts";

/** A 0–1 rate as "12.5%"; "—" for null. */
export function percent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  return `${(Math.round(rate * 1000) / 10).toLocaleString("en-US")}%`;
}

/** A month with the change of its revenue earned against the month before. */
export interface MonthChange extends MonthRow {
  /** (this − previous) / previous; null for the first month or after a zero month. */
  earnedChange: number | null;
}

/** The months of a report with their month-over-month change. */
export function monthOverMonth(months: readonly MonthRow[]): MonthChange[] {
  return months.map((m, i) => {
    const prev = i > 0 ? months[i - 1].revenueEarnedCents : 0;
    return {
      ...m,
      earnedChange: prev > 0 ? (m.revenueEarnedCents - prev) / prev : null,
    };
  });
}
