-- Analytics (issue 11 item 5, SPEC §4 /admin/analytics, §5 GET
-- /api/staff/analytics, ADR 0039): the funnel's quote and hold counts per
-- location and business day, and the report computed under the caller's RLS.
--
-- Errors (the TypeScript maps them by constraint name):
--   42501 analytics_staff_only      chefs and non-staff          → 403
--   42501 analytics_location_scope  a location the caller does not run → 403
--   22023 analytics_range           to before from, or over 2 years   → 422 `to`

-- Quotes and holds leave no lasting row (holds are deleted a day after they
-- expire), so the funnel's first two steps are counted here. The app buffers
-- the counts in memory and adds them in batches (lib/analytics/funnel.ts),
-- never in the request: one upsert per location and day every few seconds.
create table public.funnel_daily (
  location_id uuid not null references public.locations (id),
  -- Business day in the location's time zone.
  day date not null,
  quotes integer not null default 0 check (quotes >= 0),
  holds integer not null default 0 check (holds >= 0),
  updated_at timestamptz not null default now(),
  primary key (location_id, day)
);
create index funnel_daily_day_idx on public.funnel_daily (day);

alter table public.funnel_daily enable row level security;
-- Read like the bookings they lead to; written only by the app's privileged
-- batch (app.add_funnel_counts), never through the API roles.
create policy "managers read funnel counts of their locations" on public.funnel_daily
  for select to authenticated
  using (location_id = any ((select app.managed_location_ids())::uuid[]));
create policy "admins read all funnel counts" on public.funnel_daily
  for select to authenticated using ((select app.is_admin()));
revoke insert, update, delete, truncate on public.funnel_daily from anon, authenticated;

-- Adds a batch of counts: [{location: slug, at: instant, quotes, holds}].
-- `at` is any instant inside the counted period (the app buckets by 15
-- minutes, which every real zone's offset is a multiple of), so the business
-- day is that instant's date in the location's zone. Unknown slugs are skipped.
create or replace function app.add_funnel_counts(p_rows jsonb) returns integer
language sql volatile
set search_path = ''
as $$
  with rows as (
    select l.id as location_id,
           ((r ->> 'at')::timestamptz at time zone l.timezone)::date as day,
           coalesce((r ->> 'quotes')::int, 0) as quotes,
           coalesce((r ->> 'holds')::int, 0) as holds
    from jsonb_array_elements(p_rows) r
    join public.locations l on l.slug = r ->> 'location'
  ), summed as (
    select location_id, day, sum(quotes)::int as quotes, sum(holds)::int as holds
    from rows group by location_id, day
  ), upserted as (
    insert into public.funnel_daily as f (location_id, day, quotes, holds)
    select location_id, day, quotes, holds from summed
    on conflict (location_id, day) do update
      set quotes = f.quotes + excluded.quotes,
          holds = f.holds + excluded.holds,
          updated_at = now()
    returning 1
  )
  select count(*)::int from upserted
$$;
revoke execute on function app.add_funnel_counts(jsonb) from public;
grant execute on function app.add_funnel_counts(jsonb) to service_role;

-- "Bookings made in the range" filter by created_at; the list order index
-- serves the event-date side.
create index bookings_created_at_idx on public.bookings (created_at);

-- The analytics report of [p_from, p_to] (business days, inclusive) for one
-- location or every location the caller sees. SECURITY INVOKER: every row
-- it reads passes the caller's RLS, so a manager's numbers are those of
-- their locations only. Definitions (ADR 0039):
--   events in range   = bookings whose event_date is in the range;
--   made in range     = bookings created on a business day in the range;
--   deposit paid      = a deposit payment row, or a status only a paid
--                       deposit reaches (confirmed, completed, no_show);
--   revenue booked    = totals of bookings made in range, deposit paid, not cancelled;
--   revenue earned    = totals of completed events in range;
--   funnel            = quotes, holds (counters) → made → deposit paid → completed (of made);
--   cancellation rate = cancelled / events in range that did not expire unpaid;
--   no-show rate      = no_show / (completed + no_show) events;
--   average party, average ticket, protein and add-on mix, customers,
--   repeat-customer rate (a customer with more than one completed event up
--   to p_to) and revenue per customer are over completed events.
create or replace function app.analytics_report(
  p_from date, p_to date, p_location uuid default null
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_out jsonb;
begin
  if coalesce(app.staff_role(), '') not in ('manager', 'admin') then
    raise exception 'FORBIDDEN: only managers and admins read analytics'
      using errcode = 'insufficient_privilege', constraint = 'analytics_staff_only';
  end if;
  if p_location is not null and not app.can_manage_location(p_location) then
    raise exception 'FORBIDDEN: you do not run that location'
      using errcode = 'insufficient_privilege', constraint = 'analytics_location_scope';
  end if;
  if p_from is null or p_to is null or p_to < p_from or p_to - p_from > 731 then
    raise exception 'the range must run forward and span at most two years'
      using errcode = 'invalid_parameter_value', constraint = 'analytics_range';
  end if;

  with loc as (
    select l.id, l.timezone from public.locations l
    where p_location is null or l.id = p_location
  ),
  ev as materialized (
    select b.id, b.status, b.customer_id, b.total_cents, b.event_date,
           b.adults + b.children + b.under6 as guests, b.proteins, b.extra_proteins, b.addons,
           b.event_date - (b.created_at at time zone loc.timezone)::date as lead_days
    from public.bookings b join loc on loc.id = b.location_id
    where b.event_date between p_from and p_to
  ),
  made as materialized (
    select b.id, b.status, b.total_cents,
           (b.created_at at time zone loc.timezone)::date as made_on,
           b.status in ('confirmed', 'completed', 'no_show')
             or exists (select 1 from public.payments p
                        where p.booking_id = b.id and p.kind = 'deposit') as deposit_paid
    from public.bookings b join loc on loc.id = b.location_id
    -- A day of margin on either side (any zone), then the exact business day.
    where b.created_at >= p_from::timestamp at time zone 'UTC' - interval '1 day'
      and b.created_at < (p_to + 2)::timestamp at time zone 'UTC'
      and (b.created_at at time zone loc.timezone)::date between p_from and p_to
  ),
  done as (select * from ev where status = 'completed'),
  counters as (
    select coalesce(sum(f.quotes), 0)::int as quotes, coalesce(sum(f.holds), 0)::int as holds
    from public.funnel_daily f join loc on loc.id = f.location_id
    where f.day between p_from and p_to
  ),
  -- One pass over each set; the JSON below only picks from these.
  ev_totals as (
    select count(*) filter (where status = 'cancelled') as cancelled,
           count(*) filter (where status <> 'expired') as not_expired,
           count(*) filter (where status = 'no_show') as no_show,
           count(*) filter (where status in ('completed', 'no_show')) as attended_or_not
    from ev
  ),
  by_status as (select status, count(*) as n from ev group by status),
  done_totals as (
    select count(*) as events, coalesce(sum(total_cents), 0)::bigint as revenue,
           round(avg(guests), 1) as avg_guests, round(avg(total_cents))::bigint as avg_ticket,
           count(distinct customer_id) as customers
    from done
  ),
  made_totals as (
    select count(*) as bookings, count(*) filter (where deposit_paid) as deposit_paid,
           count(*) filter (where status = 'completed') as completed,
           coalesce(sum(total_cents) filter (where deposit_paid and status <> 'cancelled'), 0)::bigint
             as revenue_booked
    from made
  ),
  -- Repeat customers: completed events of the range's customers up to p_to.
  repeats as (
    select count(*) filter (where n > 1) as repeat, count(*) as customers
    from (select o.customer_id, count(*) as n
          from public.bookings o
          where o.customer_id in (select customer_id from done)
            and o.status = 'completed' and o.event_date <= p_to
          group by o.customer_id) c
  ),
  servings as (
    select kv.key as code, sum(kv.value::int)::int as servings, kv.kind
    from done, lateral (
      select e.key, e.value, 'protein' as kind from jsonb_each_text(done.proteins) e
      union all select e.key, e.value, 'protein' from jsonb_each_text(done.extra_proteins) e
      union all select e.key, e.value, 'addon' from jsonb_each_text(done.addons) e) kv
    group by kv.key, kv.kind
  ),
  buckets(label, lo, hi, ord) as (
    values ('under 7 days', null::int, 6, 1), ('7–13 days', 7, 13, 2),
           ('14–29 days', 14, 29, 3), ('30–59 days', 30, 59, 4),
           ('60–89 days', 60, 89, 5), ('90 days or more', 90, null::int, 6)
  ),
  lead as (
    select k.ord, count(*) as n from ev join buckets k
      on (k.lo is null or ev.lead_days >= k.lo) and (k.hi is null or ev.lead_days <= k.hi)
    where ev.status <> 'expired' group by k.ord
  ),
  months as (
    select to_char(m, 'YYYY-MM') as month
    from generate_series(date_trunc('month', p_from), date_trunc('month', p_to), interval '1 month') m
  ),
  made_months as (
    select to_char(made_on, 'YYYY-MM') as month, count(*) as bookings,
           coalesce(sum(total_cents) filter (where deposit_paid and status <> 'cancelled'), 0)::bigint
             as revenue_booked
    from made group by 1
  ),
  done_months as (
    select to_char(event_date, 'YYYY-MM') as month, count(*) as events,
           sum(total_cents)::bigint as revenue
    from done group by 1
  )
  select jsonb_build_object(
    'from', p_from, 'to', p_to,
    'revenueBookedCents', mt.revenue_booked,
    'revenueEarnedCents', dt.revenue,
    'bookingsByStatus', (
      select jsonb_object_agg(s.s, coalesce(bs.n, 0))
      from unnest(array['pending_deposit', 'confirmed', 'completed', 'cancellation_requested',
                        'cancelled', 'expired', 'no_show']) s
      left join by_status bs on bs.status = s.s),
    'funnel', jsonb_build_object(
      'quotes', c.quotes, 'holds', c.holds, 'bookings', mt.bookings,
      'depositPaid', mt.deposit_paid, 'completed', mt.completed),
    'cancellationRate', round(et.cancelled::numeric / nullif(et.not_expired, 0), 4),
    'noShowRate', round(et.no_show::numeric / nullif(et.attended_or_not, 0), 4),
    'completedEvents', dt.events,
    'averagePartyGuests', dt.avg_guests,
    'averageTicketCents', dt.avg_ticket,
    'customers', dt.customers,
    'repeatCustomerRate', round(r.repeat::numeric / nullif(r.customers, 0), 4),
    'revenuePerCustomerCents', round(dt.revenue::numeric / nullif(dt.customers, 0))::bigint,
    'leadTime', (
      select jsonb_agg(jsonb_build_object('bucket', k.label,
               'bookings', coalesce(ld.n, 0)) order by k.ord)
      from buckets k left join lead ld on ld.ord = k.ord),
    'proteinMix', (
      select coalesce(jsonb_agg(jsonb_build_object('code', s.code, 'label', coalesce(mi.label, s.code),
               'servings', s.servings) order by s.servings desc, s.code), '[]')
      from servings s left join public.menu_items mi on mi.code = s.code
      where s.kind = 'protein'),
    'addonMix', (
      select coalesce(jsonb_agg(jsonb_build_object('code', s.code, 'label', coalesce(mi.label, s.code),
               'servings', s.servings) order by s.servings desc, s.code), '[]')
      from servings s left join public.menu_items mi on mi.code = s.code
      where s.kind = 'addon'),
    'months', (
      select jsonb_agg(jsonb_build_object(
        'month', mo.month,
        'bookings', coalesce(mm.bookings, 0),
        'revenueBookedCents', coalesce(mm.revenue_booked, 0),
        'completedEvents', coalesce(dm.events, 0),
        'revenueEarnedCents', coalesce(dm.revenue, 0)) order by mo.month)
      from months mo
      left join made_months mm on mm.month = mo.month
      left join done_months dm on dm.month = mo.month)
  ) into v_out
  from counters c, ev_totals et, done_totals dt, made_totals mt, repeats r;
  return v_out;
end
$$;
revoke execute on function app.analytics_report(date, date, uuid) from public;
grant execute on function app.analytics_report(date, date, uuid) to authenticated, service_role;
