/**
 * The insights service (issue 13 item 3, SPEC §5 `insights`): reads one
 * location's bookings, capacity, settings bounds and menu as the caller
 * (Row Level Security decides; managers see their locations, admins all),
 * and runs the pure rules of this folder: the 90-day forecast, the
 * rolling-origin backtest against seasonal-naive, pricing suggestions and
 * menu performance. Chefs and managers of other locations get 403.
 *
 * @module
 */
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { addDays } from "../booking_window/dates.ts";
import { localDateOf } from "../booking_window/zone.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { loadStaffMember } from "../staff/member.ts";
import { forbidden, StaffError } from "../staff/errors.ts";
import type { StaffMember } from "../staff/types.ts";
import { backtestDemand } from "./backtest.ts";
import { fitDemandModel, forecastDemand } from "./forecast.ts";
import { usHolidays } from "./holidays.ts";
import {
  type MenuBooking,
  type MenuPerformance,
  menuPerformance,
} from "./menu.ts";
import { FORECAST_DAYS, type InsightsQuery } from "./request.ts";
import { type PricingSuggestion, pricingSuggestions } from "./suggestions.ts";
import type {
  Backtest,
  DemandBooking,
  ForecastDay,
  HolidayOf,
} from "./types.ts";

/** The location the insights are of. */
export interface InsightsLocation {
  id: string;
  slug: string;
  name: string;
  timezone: string;
}

/** What `GET /functions/v1/insights` answers and `/admin/insights` shows. */
export interface Insights {
  location: InsightsLocation;
  /** The location's date the forecast starts on. */
  today: string;
  forecast: ForecastDay[];
  backtest: Backtest;
  pricingSuggestions: PricingSuggestion[];
  menu: MenuPerformance;
  /** The settings bounds the suggestions respect. */
  bounds: { maxSurchargePercent: number; maxPromotionPercent: number };
}

/** Locations a staff member may see insights of (admins: every active one). */
export async function insightLocations(
  tx: TransactionSql,
  staff: StaffMember,
): Promise<InsightsLocation[]> {
  const rows = await tx<InsightsLocation[]>`
    select id::text, slug, name, timezone from public.locations
    where active order by sort_order, name`;
  return staff.role === "admin"
    ? rows
    : rows.filter((l) => staff.locationIds.includes(l.id));
}

/** The staff member behind `claims`, refused unless manager or admin. */
async function insightsStaff(tx: TransactionSql): Promise<StaffMember> {
  const staff = await loadStaffMember(tx);
  if (!staff) throw forbidden("Insights are for staff.");
  if (staff.role === "chef") {
    throw forbidden("Insights are for managers and admins.");
  }
  return staff;
}

async function pickLocation(
  tx: TransactionSql,
  staff: StaffMember,
  wanted: string | undefined,
): Promise<InsightsLocation> {
  const [all, mine] = await Promise.all([
    tx<InsightsLocation[]>`
      select id::text, slug, name, timezone from public.locations where active`,
    insightLocations(tx, staff),
  ]);
  if (!wanted) {
    if (!mine[0]) throw forbidden("You manage no location.");
    return mine[0];
  }
  const hit = all.find((l) => l.id === wanted || l.slug === wanted);
  if (!hit) {
    throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such location.", [
      { path: "location", message: "unknown location" },
    ]);
  }
  if (!mine.some((l) => l.id === hit.id)) {
    throw forbidden("You do not manage that location.");
  }
  return hit;
}

interface BookingRow {
  event_date: string;
  /** The date it was made, in the location's time zone. */
  booked_on: string;
  status: string;
  proteins: Record<string, number>;
  extra_proteins: Record<string, number>;
  addons: Record<string, number>;
  quote: { lines?: { code: string; totalCents: number }[] };
  total_cents: number;
}

/** Statuses whose bookings brought revenue (menu performance, average revenue). */
const REVENUE_STATUSES = new Set(["confirmed", "completed"]);

/** Everything the rules need, read in one transaction as the caller. */
async function readInputs(
  tx: TransactionSql,
  location: InsightsLocation,
  today: string,
) {
  const last = addDays(today, FORECAST_DAYS - 1);
  const [bookings, capacity, bounds, menu] = await Promise.all([
    tx<BookingRow[]>`
      select event_date::text,
        (created_at at time zone ${location.timezone})::date::text as booked_on,
        status, proteins, extra_proteins, addons, quote, total_cents
      from public.bookings where location_id = ${location.id}`,
    tx<{ date: string; capacity: number }[]>`
      select event_date::text as date, sum(capacity)::int as capacity
      from public.slot_availability(${location.id}::uuid, ${today}::date, ${last}::date)
      group by event_date`,
    tx<{ max_surcharge_percent: number; max_promotion_percent: number }[]>`
      select max_surcharge_percent, max_promotion_percent
      from public.settings_versions
      where effective_from <= ${today}::date
      order by effective_from desc limit 1`,
    tx<{ code: string; kind: "protein" | "addon"; label: string }[]>`
      select code, kind, label from public.menu_items order by sort_order, code`,
  ]);
  return { bookings, capacity, bounds: bounds[0], menu };
}

/** The insights of one location at `now`, as the caller may see them. */
export async function computeInsights(
  db: Db,
  claims: Claims,
  query: InsightsQuery,
  now: Date,
): Promise<Insights> {
  const { location, inputs, today } = await withClaims(
    db,
    claims,
    async (tx) => {
      const staff = await insightsStaff(tx);
      const location = await pickLocation(tx, staff, query.location);
      const today = localDateOf(now, location.timezone);
      return { location, today, inputs: await readInputs(tx, location, today) };
    },
    { readOnly: true },
  );
  return insightsFrom(location, today, inputs, query, await usHolidays());
}

/** The rules over what was read (pure). */
function insightsFrom(
  location: InsightsLocation,
  today: string,
  inputs: Awaited<ReturnType<typeof readInputs>>,
  query: InsightsQuery,
  holidayOf: HolidayOf,
): Insights {
  const last = addDays(today, FORECAST_DAYS - 1);
  for (const [path, d] of [["from", query.from], ["to", query.to]] as const) {
    if (d && (d < today || d > last)) {
      throw new StaffError(
        422,
        ERROR_CODES.VALIDATION_FAILED,
        "The forecast covers the next 90 days.",
        [{ path, message: `must be from ${today} to ${last}` }],
      );
    }
  }
  const demand: DemandBooking[] = inputs.bookings.map((b) => ({
    eventDate: b.event_date,
    bookedOn: b.booked_on,
  }));
  const model = fitDemandModel(demand, today, holidayOf);
  const full = forecastDemand(model, FORECAST_DAYS);
  const revenue = inputs.bookings.filter((b) => REVENUE_STATUSES.has(b.status));
  const averageRevenueCents = revenue.length
    ? Math.round(
      revenue.reduce((s, b) => s + b.total_cents, 0) / revenue.length,
    )
    : 0;
  const bounds = {
    maxSurchargePercent: inputs.bounds?.max_surcharge_percent ?? 0,
    maxPromotionPercent: inputs.bounds?.max_promotion_percent ?? 0,
  };
  const from = query.from ?? today;
  const to = query.to ?? last;
  const forecast = full.filter((d) => d.date >= from && d.date <= to);
  const menuBookings: MenuBooking[] = revenue.map((b) => ({
    eventDate: b.event_date,
    proteins: b.proteins ?? {},
    extraProteins: b.extra_proteins ?? {},
    addons: b.addons ?? {},
    lines: b.quote?.lines ?? [],
  }));
  return {
    location,
    today,
    forecast,
    backtest: backtestDemand(demand, today, holidayOf),
    pricingSuggestions: pricingSuggestions(forecast, {
      capacity: new Map(inputs.capacity.map((c) => [c.date, c.capacity])),
      averageRevenueCents,
      ...bounds,
      today,
    }),
    menu: menuPerformance(menuBookings, inputs.menu),
    bounds,
  };
}
