/**
 * The staff dashboard's data: today's and upcoming events and key figures.
 *
 * Every query runs in the caller's `withClaims` transaction, so Row Level
 * Security decides the scope: chefs see their own events, managers their
 * locations, admins everything. Nothing here filters by role itself.
 *
 * @module
 */
import { ACTIVE_EVENT_STATUSES } from "../booking_status/mod.ts";
import type { TransactionSql } from "../db/mod.ts";

/** One booked event as the dashboard lists it. */
export interface DashboardEvent {
  id: string;
  reference: string;
  status: string;
  /** YYYY-MM-DD in the location's time zone. */
  eventDate: string;
  /** HH:MM, location time. */
  slotTime: string;
  guests: number;
  city: string;
  locationName: string;
  /** Null when RLS hides the customer from this user. */
  customerName: string | null;
  /** Null when no chef is assigned (or hidden by RLS). */
  chefName: string | null;
  totalCents: number;
  /** True when the event is today in its location's time zone. */
  isToday: boolean;
}

/** Key figures over what the user may see (RLS decides the scope). */
export interface DashboardKpis {
  /** Events today (each in its location's zone), still to cook. */
  eventsToday: number;
  /** Bookings created since Monday 00:00 (dashboard zone). */
  bookingsThisWeek: number;
  /** Bookings still waiting for their deposit. */
  depositsDueCount: number;
  /** Sum of those bookings' deposits, in cents. */
  depositsDueCents: number;
  /** Upcoming bookings that hold a slot but have no chef yet. */
  unassigned: number;
  /**
   * Quoted totals of the bookings created this week that still stand
   * (not cancelled, expired or no-show), in cents.
   */
  revenueBookedThisWeekCents: number;
  /** Cancellation requests waiting for a manager. */
  cancellationRequests: number;
}

/** The whole dashboard. */
export interface Dashboard {
  /** IANA zone of the week boundary and of the feed's clock times. */
  timeZone: string;
  today: DashboardEvent[];
  upcoming: DashboardEvent[];
  kpis: DashboardKpis;
}

/** Options of {@link loadDashboard}. */
export interface DashboardOptions {
  /** Clock (tests); default the current time. */
  now?: Date;
  /** Most upcoming events listed; default 50. */
  limit?: number;
}

/** Booking statuses that still describe an event to cook (lib/booking_status). */
export { ACTIVE_EVENT_STATUSES };

interface EventRow {
  id: string;
  reference: string;
  status: string;
  event_date: string;
  slot_time: string;
  guests: number;
  city: string;
  location_name: string;
  customer_name: string | null;
  chef_name: string | null;
  total_cents: number;
  is_today: boolean;
}

/** Loads events and key figures as the transaction's user (see module docs). */
export async function loadDashboard(
  tx: TransactionSql,
  options: DashboardOptions = {},
): Promise<Dashboard> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 50;
  // The zone of the first location the user sees (as app.business_today
  // picks the business's): every seed location is in one zone.
  const [{ zone }] = await tx<{ zone: string }[]>`
    select coalesce(
      (select l.timezone from public.locations l
        order by l.active desc, l.sort_order, l.created_at limit 1),
      'America/Los_Angeles') as zone`;
  const rows = await tx<EventRow[]>`
    select b.id, b.reference, b.status, b.event_date, b.slot_time,
      (b.adults + b.children + b.under6)::int as guests, b.city,
      l.name as location_name, c.name as customer_name,
      ch.display_name as chef_name, b.total_cents,
      b.event_date = (${now}::timestamptz at time zone l.timezone)::date as is_today
    from public.bookings b
    join public.locations l on l.id = b.location_id
    left join public.customers c on c.id = b.customer_id
    left join public.chefs ch on ch.id = b.chef_id
    where b.event_date >= (${now}::timestamptz at time zone l.timezone)::date
      and b.status in ${tx(ACTIVE_EVENT_STATUSES)}
    order by b.event_date, b.slot_time, b.reference
    limit ${limit}`;
  const events = rows.map(toEvent);

  const [kpi] = await tx<
    {
      events_today: number;
      bookings_this_week: number;
      due_count: number;
      due_cents: number;
      unassigned: number;
      revenue_cents: number;
      cancellation_requests: number;
    }[]
  >`
    with week as (
      select date_trunc('week', ${now}::timestamptz at time zone ${zone})
        at time zone ${zone} as start
    ), ahead as (
      select b.status, b.chef_id,
        b.event_date = (${now}::timestamptz at time zone l.timezone)::date as today
      from public.bookings b join public.locations l on l.id = b.location_id
      where b.event_date >= (${now}::timestamptz at time zone l.timezone)::date
        and b.status in ${tx(ACTIVE_EVENT_STATUSES)}
    ), this_week as (
      select b.status, b.total_cents from public.bookings b, week
      where b.created_at >= week.start and b.created_at <= ${now}
    )
    select
      (select count(*)::int from ahead where today) as events_today,
      (select count(*)::int from this_week) as bookings_this_week,
      (select count(*)::int from public.bookings b
        where b.status = 'pending_deposit') as due_count,
      (select coalesce(sum(b.deposit_cents), 0)::int from public.bookings b
        where b.status = 'pending_deposit') as due_cents,
      (select count(*)::int from ahead
        where chef_id is null and status <> 'cancellation_requested') as unassigned,
      (select coalesce(sum(total_cents), 0)::int from this_week
        where status not in ('cancelled', 'expired', 'no_show')) as revenue_cents,
      (select count(*)::int from public.bookings b
        where b.status = 'cancellation_requested') as cancellation_requests`;
  return {
    timeZone: zone,
    today: events.filter((e) => e.isToday),
    upcoming: events.filter((e) => !e.isToday),
    kpis: {
      eventsToday: kpi.events_today,
      bookingsThisWeek: kpi.bookings_this_week,
      depositsDueCount: kpi.due_count,
      depositsDueCents: kpi.due_cents,
      unassigned: kpi.unassigned,
      revenueBookedThisWeekCents: kpi.revenue_cents,
      cancellationRequests: kpi.cancellation_requests,
    },
  };
}

function toEvent(r: EventRow): DashboardEvent {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    eventDate: r.event_date,
    slotTime: r.slot_time,
    guests: r.guests,
    city: r.city,
    locationName: r.location_name,
    customerName: r.customer_name,
    chefName: r.chef_name,
    totalCents: r.total_cents,
    isToday: r.is_today,
  };
}
