-- Analytics (issue 11 item 5, migration 20261221500000, ADR 0039): who reads
-- the funnel counts, who may add them, and the report's role and location
-- scope, as each role.
begin;
select plan(17);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', v_sub,
    'role', case when who = 'anon' then 'anon' else 'authenticated' end)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', case when who = 'anon' then 'anon' else 'authenticated' end, true);
end
$$;
grant execute on function pg_temp.act_as(text) to anon, authenticated;

-- Counts far from the seed's history: Fremont (the manager's) and Sacramento.
insert into public.funnel_daily (location_id, day, quotes, holds) values
  ('10000000-0000-4000-8000-000000000001', '2031-03-01', 7, 2),
  ('10000000-0000-4000-8000-000000000002', '2031-03-01', 5, 1);

select pg_temp.act_as('admin');
select is((select count(*)::int from public.funnel_daily where day = '2031-03-01'), 2,
  'an admin reads the counts of every location');
select is((app.analytics_report('2031-03-01', '2031-03-31') -> 'funnel' ->> 'quotes')::int, 12,
  'an admin''s report counts every location''s quotes');
select is((app.analytics_report('2031-03-01', '2031-03-31',
            '10000000-0000-4000-8000-000000000002') -> 'funnel' ->> 'holds')::int, 1,
  'an admin picks one location');

select pg_temp.act_as('manager');
select is((select array_agg(quotes)::text from public.funnel_daily where day = '2031-03-01'), '{7}',
  'a manager reads the counts of their locations only');
select is((app.analytics_report('2031-03-01', '2031-03-31') -> 'funnel' ->> 'quotes')::int, 7,
  'a manager''s report covers their locations only');
select throws_ok(
  $q$select app.analytics_report('2031-03-01', '2031-03-31', '10000000-0000-4000-8000-000000000002')$q$,
  '42501', null, 'a manager may not ask for another location');
select throws_ok(
  $q$select app.analytics_report('2031-03-31', '2031-03-01')$q$,
  '22023', null, 'a range that runs backwards is refused');
select throws_ok(
  $q$select app.analytics_report('2029-01-01', '2031-03-01')$q$,
  '22023', null, 'a range over two years is refused');
select throws_ok(
  $q$insert into public.funnel_daily (location_id, day, quotes) values ('10000000-0000-4000-8000-000000000001', '2031-04-01', 1)$q$,
  '42501', null, 'staff cannot write counts');
select throws_ok(
  $q$select app.add_funnel_counts('[]')$q$,
  '42501', null, 'staff cannot call the batch writer');

select pg_temp.act_as('chef');
select is((select count(*)::int from public.funnel_daily), 0, 'a chef reads no counts');
select throws_ok(
  $q$select app.analytics_report('2031-03-01', '2031-03-31')$q$,
  '42501', null, 'a chef gets no report');

select pg_temp.act_as('anon');
select is((select count(*)::int from public.funnel_daily), 0, 'anon reads no counts');
select throws_ok(
  $q$select app.analytics_report('2031-03-01', '2031-03-31')$q$,
  '42501', null, 'anon may not run the report');

-- The app's batch writer (service_role): the business day is the
-- location's (07:30 UTC on March 2nd is March 1st in Los Angeles).
set local role service_role;
select is(app.add_funnel_counts(
  '[{"location":"fremont","at":"2031-03-02T07:30:00Z","quotes":3,"holds":1},
    {"location":"fremont","at":"2031-03-02T07:45:00Z","quotes":1,"holds":0},
    {"location":"atlantis","at":"2031-03-02T07:30:00Z","quotes":9,"holds":9}]'), 1,
  'one row per location and day; unknown locations are skipped');
select is((select quotes || '/' || holds from public.funnel_daily
           where location_id = '10000000-0000-4000-8000-000000000001' and day = '2031-03-01'),
  '11/3', 'counts add to the business day''s row');
reset role;
select is((select count(*)::int from pg_policies
           where schemaname = 'public' and tablename = 'funnel_daily' and cmd <> 'SELECT'), 0,
  'no policy lets an API role write counts');

select * from finish();
rollback;
