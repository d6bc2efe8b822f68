-- public.slot_availability (set-based, what the API reads) must agree slot by
-- slot with app.slot_capacity / app.slot_reserved (what the write path locks
-- and checks), over the seeded year plus time off, a blackout and live holds.
begin;
select plan(8);

-- Chef 1 (Fremont) is away for a week; Fremont is closed one day; two holds.
insert into public.chef_time_off (chef_id, starts_on, ends_on, status)
values ('30000000-0000-4000-8000-000000000001', '2026-06-01', '2026-06-07', 'approved'),
       ('30000000-0000-4000-8000-000000000002', '2026-06-10', '2026-06-12', 'requested');
insert into public.blackout_dates (location_id, blackout_date)
values ('10000000-0000-4000-8000-000000000001', '2026-07-04');
insert into public.holds (location_id, event_date, slot_time, expires_at)
values ('10000000-0000-4000-8000-000000000001', '2027-03-05', '18:00', now() + interval '15 minutes'),
       ('10000000-0000-4000-8000-000000000001', '2027-03-05', '21:00', now() + interval '15 minutes');
-- Released early (as app.release_hold does): expired from now on.
update public.holds set expires_at = now()
where location_id = '10000000-0000-4000-8000-000000000001' and event_date = '2027-03-05' and slot_time = '21:00';

select is_empty($$
  select a.event_date, a.slot_time
  from public.slot_availability('10000000-0000-4000-8000-000000000001', '2025-11-01', '2026-10-31') a
  where a.capacity <> app.slot_capacity('10000000-0000-4000-8000-000000000001', a.event_date, a.slot_time)
     or a.reserved <> app.slot_reserved('10000000-0000-4000-8000-000000000001', a.event_date, a.slot_time)
     or a.available <> greatest(a.capacity - a.reserved, 0)
$$, 'Fremont: the seeded year agrees with the per-slot definition');

select is_empty($$
  select a.event_date, a.slot_time
  from public.slot_availability('10000000-0000-4000-8000-000000000002', '2025-11-01', '2026-10-31') a
  where a.capacity <> app.slot_capacity('10000000-0000-4000-8000-000000000002', a.event_date, a.slot_time)
     or a.reserved <> app.slot_reserved('10000000-0000-4000-8000-000000000002', a.event_date, a.slot_time)
$$, 'Sacramento: the seeded year agrees with the per-slot definition');

select results_eq($$
  select a.slot_time, a.reserved
  from public.slot_availability('10000000-0000-4000-8000-000000000001', '2027-03-05', '2027-03-05') a
  where a.slot_time in ('18:00', '21:00') order by a.slot_time
$$, $$ values ('18:00'::text, 1), ('21:00'::text, 0) $$,
  'a live hold reserves a unit; an expired one does not');

select is(
  (select sum(a.capacity)::int
   from public.slot_availability('10000000-0000-4000-8000-000000000001', '2026-07-04', '2026-07-04') a),
  0, 'a blackout date has no capacity');

-- The two halves the API reads from (ADR 0056) are the same numbers.
select is_empty($$
  select a.event_date
  from public.slot_availability('10000000-0000-4000-8000-000000000001', '2025-11-01', '2026-10-31') a
  join public.day_capacities('10000000-0000-4000-8000-000000000001', '2025-11-01', '2026-10-31') c
    using (event_date)
  where a.capacity <> c.capacity
$$, 'day_capacities: the capacity of every slot of the date');
select is(
  (select count(*)::int from public.day_capacities('10000000-0000-4000-8000-000000000001', '2025-11-01', '2026-10-31')),
  365, 'day_capacities: one row per date');
select set_eq($$
  select r.event_date, r.slot_time, r.reserved
  from public.slot_reservations('10000000-0000-4000-8000-000000000001', '2026-04-01', '2027-03-31') r
$$, $$
  select a.event_date, a.slot_time, a.reserved
  from public.slot_availability('10000000-0000-4000-8000-000000000001', '2026-04-01', '2027-03-31') a
  where a.reserved > 0
$$, 'slot_reservations: exactly the slots with reservations, and their counts');
select bag_eq($$
  select c.relname::text from pg_trigger t join pg_class c on c.oid = t.tgrelid
  where t.tgfoid = 'app.notify_catalog_changed'::regproc
    and c.relname in ('chefs', 'chef_time_off', 'blackout_dates', 'pricing_settings', 'locations')
$$, $$ values ('chefs'), ('chef_time_off'), ('blackout_dates'), ('pricing_settings'), ('locations') $$,
  'every table capacity reads announces its changes (catalog_changed)');

select * from finish();
rollback;
