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

/** Key figures over what the user may see. */
export interface DashboardKpis {
  /** Bookings created since Monday 00:00 (business time zone). */
  bookingsThisWeek: number;
  /** Bookings still waiting for their deposit. */
  depositsOutstandingCount: number;
  /** Sum of those bookings' deposits, in cents. */
  depositsOutstandingCents: number;
  /** Payments minus refunds since the 1st of this month, in cents. */
  revenueThisMonthCents: number;
}

/** The whole dashboard. */
export interface Dashboard {
  today: DashboardEvent[];
  upcoming: DashboardEvent[];
  kpis: DashboardKpis;
}

/** Options of {@link loadDashboard}. */
export interface DashboardOptions {
  /** Clock (tests); default the current time. */
  now?: Date;
  /** Zone of the week/month boundaries; default America/Los_Angeles. */
  timeZone?: string;
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
  const zone = options.timeZone ?? "America/Los_Angeles";
  const limit = options.limit ?? 50;
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
      bookings_this_week: number;
      outstanding_count: number;
      outstanding_cents: number;
      revenue_cents: number;
    }[]
  >`
    with bounds as (
      select
        date_trunc('week', ${now}::timestamptz at time zone ${zone}) at time zone ${zone} as week_start,
        date_trunc('month', ${now}::timestamptz at time zone ${zone}) at time zone ${zone} as month_start
    )
    select
      (select count(*)::int from public.bookings b, bounds
        where b.created_at >= bounds.week_start and b.created_at <= ${now}) as bookings_this_week,
      (select count(*)::int from public.bookings b
        where b.status = 'pending_deposit') as outstanding_count,
      (select coalesce(sum(b.deposit_cents), 0)::int from public.bookings b
        where b.status = 'pending_deposit') as outstanding_cents,
      (select coalesce(sum(case when p.kind = 'refund' then -p.amount_cents
                                else p.amount_cents end), 0)::int
        from public.payments p, bounds
        where p.created_at >= bounds.month_start and p.created_at <= ${now}) as revenue_cents`;
  return {
    today: events.filter((e) => e.isToday),
    upcoming: events.filter((e) => !e.isToday),
    kpis: {
      bookingsThisWeek: kpi.bookings_this_week,
      depositsOutstandingCount: kpi.outstanding_count,
      depositsOutstandingCents: kpi.outstanding_cents,
      revenueThisMonthCents: kpi.revenue_cents,
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
