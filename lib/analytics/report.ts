/**
 * The analytics report (issue 11 item 5, ADR 0039): `app.analytics_report`
 * computes every number in SQL under the caller's RLS (a manager's report
 * covers their locations only); this module resolves the range and the
 * location and types the answer.
 *
 * @module
 */
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { addDays } from "../booking_window/dates.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { StaffError } from "../staff/errors.ts";
import type { StaffRole } from "../staff/types.ts";
import type { AnalyticsQuery } from "./schema.ts";

/** Counts of bookings per status (every status, zeros included). */
export type StatusCounts = Record<string, number>;

/** Servings of one menu item. */
export interface MixItem {
  code: string;
  label: string;
  servings: number;
}

/** One calendar month of the range. */
export interface MonthRow {
  /** `YYYY-MM`. */
  month: string;
  /** Bookings made that month. */
  bookings: number;
  revenueBookedCents: number;
  completedEvents: number;
  revenueEarnedCents: number;
}

/** The report (SPEC §5 `GET /api/staff/analytics`). */
export interface AnalyticsReport {
  from: string;
  to: string;
  /** The location slug, or null for every location the caller runs. */
  location: string | null;
  revenueBookedCents: number;
  revenueEarnedCents: number;
  bookingsByStatus: StatusCounts;
  funnel: {
    quotes: number;
    holds: number;
    bookings: number;
    depositPaid: number;
    completed: number;
  };
  /** 0–1, null without a denominator. */
  cancellationRate: number | null;
  noShowRate: number | null;
  completedEvents: number;
  averagePartyGuests: number | null;
  averageTicketCents: number | null;
  customers: number;
  repeatCustomerRate: number | null;
  revenuePerCustomerCents: number | null;
  leadTime: { bucket: string; bookings: number }[];
  proteinMix: MixItem[];
  addonMix: MixItem[];
  months: MonthRow[];
}

/** A range and location ready for the database. */
export interface ResolvedRange {
  from: string;
  to: string;
  location: { id: string; slug: string } | null;
}

/** Refuses chefs (403): analytics are for managers and admins. */
export function requireAnalyticsRole(role: StaffRole): void {
  if (role !== "manager" && role !== "admin") {
    throw new StaffError(
      403,
      ERROR_CODES.FORBIDDEN,
      "Only managers and admins read analytics.",
    );
  }
}

/**
 * Fills the defaults (`to`: a year after `from`, else today in the business
 * zone; `from`: the first of the month eleven months before `to`) and resolves the location slug (422 with
 * path `location` when unknown).
 */
export async function resolveRange(
  tx: TransactionSql,
  q: AnalyticsQuery,
  now: Date,
): Promise<ResolvedRange> {
  const [{ today }] = await tx<{ today: string }[]>`
    select app.business_today(${now})::text as today`;
  const to = q.to ?? (q.from ? addDays(q.from, 364) : today);
  const from = q.from ?? `${addMonths(to.slice(0, 7), -11)}-01`;
  if (to < from) {
    throw new StaffError(
      422,
      ERROR_CODES.VALIDATION_FAILED,
      "The request has invalid fields.",
      [{ path: "to", message: "must not be before from" }],
    );
  }
  if (!q.location) return { from, to, location: null };
  const [loc] = await tx<{ id: string; slug: string }[]>`
    select id, slug from public.locations where slug = ${q.location}`;
  if (!loc) {
    throw new StaffError(
      422,
      ERROR_CODES.VALIDATION_FAILED,
      "The request has invalid fields.",
      [{ path: "location", message: "unknown location" }],
    );
  }
  return { from, to, location: loc };
}

/** `YYYY-MM` plus `n` months. */
function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

// bigint and numeric arrive as JSON numbers from jsonb; keep them numbers.
function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** The report of `q` for the caller (RLS decides what it covers). */
export async function analyticsReport(
  db: Db,
  claims: Claims,
  role: StaffRole,
  q: AnalyticsQuery,
  now: Date,
): Promise<AnalyticsReport> {
  requireAnalyticsRole(role);
  return await withClaims(db, claims, async (tx) => {
    const range = await resolveRange(tx, q, now);
    const [{ report }] = await tx<{ report: Record<string, unknown> }[]>`
      select app.analytics_report(${range.from}::date, ${range.to}::date,
        ${range.location?.id ?? null}::uuid) as report`;
    const r = report as unknown as AnalyticsReport;
    return {
      ...r,
      location: range.location?.slug ?? null,
      revenueBookedCents: Number(r.revenueBookedCents),
      revenueEarnedCents: Number(r.revenueEarnedCents),
      cancellationRate: num(r.cancellationRate),
      noShowRate: num(r.noShowRate),
      averagePartyGuests: num(r.averagePartyGuests),
      averageTicketCents: num(r.averageTicketCents),
      repeatCustomerRate: num(r.repeatCustomerRate),
      revenuePerCustomerCents: num(r.revenuePerCustomerCents),
    };
  }, { readOnly: true });
}

/** A location the caller may analyse (admins: all; managers: theirs). */
export interface AnalyticsLocation {
  slug: string;
  name: string;
}

/** The locations of the page's picker. */
export async function analyticsLocations(
  db: Db,
  claims: Claims,
): Promise<AnalyticsLocation[]> {
  return await withClaims(db, claims, async (tx) => [
    ...await tx<AnalyticsLocation[]>`
      select slug, name from public.locations
      where app.can_manage_location(id)
      order by sort_order, name`,
  ], { readOnly: true });
}
