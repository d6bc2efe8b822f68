-- Availability in two halves (ADR 0056). Capacity changes when a chef, time
-- off, a blackout or the slot times change: rare writes that now announce
-- themselves on catalog_changed, so every instance can hold a location's
-- capacities for the months ahead in its catalog snapshot. Reservations change
-- with every hold and booking, and a hold expires without any write: they are
-- read on every request. public.slot_availability is now the join of the two
-- halves, so the API's answer and every other reader's come from one
-- definition, and the pgTAP invariants keep comparing it slot by slot with
-- app.slot_capacity / app.slot_reserved (what the write path locks and checks).

-- The date range every availability function takes: both ends, in order,
-- and at most p_max_days apart.
create or replace function app.assert_date_range(p_from date, p_to date, p_max_days integer)
returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_from is null or p_to is null or p_to < p_from then
    raise exception 'invalid date range % .. %', p_from, p_to using errcode = '22023';
  end if;
  if p_to - p_from > p_max_days then
    raise exception 'date range longer than % days', p_max_days using errcode = '22023';
  end if;
end
$$;

-- Capacity of each date: active chefs of the location who work that weekday
-- and have no approved time off that date; 0 on a blackout date. No rows for
-- an inactive or unknown location. Up to two years, for the snapshot's horizon.
create or replace function public.day_capacities(p_location uuid, p_from date, p_to date)
returns table (event_date date, capacity integer)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  perform app.assert_date_range(p_from, p_to, 731);
  return query
  with days as (
    select d::date as event_date, extract(isodow from d)::smallint as isodow
    from generate_series(p_from, p_to, interval '1 day') d
    where exists (select 1 from public.locations l where l.id = p_location and l.active)
  ), chefs_per_day as (
    select days.event_date, count(c.id)::int as chefs
    from days
    join public.chefs c
      on c.location_id = p_location and c.active and days.isodow = any (c.weekdays)
    where not exists (
      select 1 from public.chef_time_off t
      where t.chef_id = c.id and t.status = 'approved'
        and days.event_date between t.starts_on and t.ends_on
    )
    group by days.event_date
  )
  select days.event_date,
         case when exists (select 1 from public.blackout_dates b
                           where b.location_id = p_location and b.blackout_date = days.event_date)
              then 0
              else coalesce(cpd.chefs, 0) end
  from days
  left join chefs_per_day cpd on cpd.event_date = days.event_date
  order by days.event_date;
end
$$;

-- Reserved units of the slots that have any: bookings whose status holds a
-- chef plus unexpired, unconverted holds. Slots without a row have none.
-- Plain SQL without SET clauses or SECURITY DEFINER, so the planner inlines it
-- into the calling query: the app's per-request read (as the owner, ADR 0056)
-- costs what the bare statement costs. Callers check the range.
create or replace function app.slot_reservations_in(p_location uuid, p_from date, p_to date)
returns table (event_date date, slot_time text, reserved integer)
language sql stable
as $$
  select r.event_date, r.slot_time, count(*)::int
  from (
    select b.event_date, b.slot_time
    from public.bookings b
    where b.location_id = p_location and b.event_date between p_from and p_to
      and app.holds_chef(b.status)
    union all
    select h.event_date, h.slot_time
    from public.holds h
    where h.location_id = p_location and h.event_date between p_from and p_to
      and h.expires_at > now() and h.converted_booking_id is null
  ) r
  group by r.event_date, r.slot_time
$$;

-- The same for anyone (counts only), with the range checked.
create or replace function public.slot_reservations(p_location uuid, p_from date, p_to date)
returns table (event_date date, slot_time text, reserved integer)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  perform app.assert_date_range(p_from, p_to, 366);
  return query select * from app.slot_reservations_in(p_location, p_from, p_to);
end
$$;

-- Same signature and rows as before: the join of the two halves.
create or replace function public.slot_availability(p_location uuid, p_from date, p_to date)
returns table (event_date date, slot_time text, capacity integer, reserved integer, available integer)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  perform app.assert_date_range(p_from, p_to, 366);
  return query
  select c.event_date, t.slot_time, c.capacity,
         coalesce(r.reserved, 0),
         greatest(c.capacity - coalesce(r.reserved, 0), 0)
  from public.day_capacities(p_location, p_from, p_to) c
  cross join lateral unnest((select ps.slot_times from public.pricing_settings ps where ps.id = 1))
    with ordinality as t(slot_time, ord)
  left join app.slot_reservations_in(p_location, p_from, p_to) r
    on r.event_date = c.event_date and r.slot_time = t.slot_time
  order by c.event_date, t.ord;
end
$$;

revoke execute on function public.day_capacities(uuid, date, date),
  public.slot_reservations(uuid, date, date),
  app.slot_reservations_in(uuid, date, date) from public;
grant execute on function public.day_capacities(uuid, date, date),
  public.slot_reservations(uuid, date, date) to anon, authenticated, service_role;

-- What capacity reads, announced like the rest of the catalog (LISTEN
-- catalog_changed). pricing_settings (slot times) and locations already are.
create trigger chefs_notify after insert or update or delete on public.chefs
  for each statement execute function app.notify_catalog_changed();
create trigger chef_time_off_notify after insert or update or delete on public.chef_time_off
  for each statement execute function app.notify_catalog_changed();
create trigger blackout_dates_notify after insert or update or delete on public.blackout_dates
  for each statement execute function app.notify_catalog_changed();
