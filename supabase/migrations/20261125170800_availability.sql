-- Public availability (SPEC §2, §5): capacity, reserved and available per
-- slot, with no personal data. SECURITY DEFINER because anon may not read
-- chefs, bookings or holds themselves.
create or replace function public.slot_availability(p_location uuid, p_from date, p_to date)
returns table (event_date date, slot_time text, capacity integer, reserved integer, available integer)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if p_from is null or p_to is null or p_to < p_from then
    raise exception 'invalid date range % .. %', p_from, p_to using errcode = '22023';
  end if;
  if p_to - p_from > 366 then
    raise exception 'date range longer than 366 days' using errcode = '22023';
  end if;
  return query
  with slots as (
    select d::date as event_date, t.slot_time, t.ord
    from generate_series(p_from, p_to, interval '1 day') d
    cross join lateral unnest((select ps.slot_times from public.pricing_settings ps where ps.id = 1))
      with ordinality as t(slot_time, ord)
    where exists (select 1 from public.locations l where l.id = p_location and l.active)
  ), counted as (
    select s.event_date, s.slot_time, s.ord,
           app.slot_capacity(p_location, s.event_date, s.slot_time) as capacity,
           app.slot_reserved(p_location, s.event_date, s.slot_time) as reserved
    from slots s
  )
  select c.event_date, c.slot_time, c.capacity, c.reserved,
         greatest(c.capacity - c.reserved, 0) as available
  from counted c
  order by c.event_date, c.ord;
end
$$;

revoke execute on function public.slot_availability(uuid, date, date) from public;
grant execute on function public.slot_availability(uuid, date, date)
  to anon, authenticated, service_role;

revoke execute on function app.slot_capacity(uuid, date, text),
  app.slot_reserved(uuid, date, text, uuid, uuid) from public;
grant execute on function app.slot_capacity(uuid, date, text),
  app.slot_reserved(uuid, date, text, uuid, uuid) to authenticated, service_role;
