-- Effective-dated settings (issue 11, migration 20261216100000): who may
-- save a version, contradictions refused by CHECKs, stale revisions, the
-- version in force on a date, the audit row and the today projection.
begin;
select plan(25);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
  v_role text := case when who = 'anon' then 'anon' else 'authenticated' end;
begin
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', v_role, true);
end
$$;
create function pg_temp.as_owner() returns void language sql as $$
  select set_config('role', 'none', true)
$$;
grant execute on function pg_temp.act_as(text), pg_temp.as_owner() to anon, authenticated;

-- The seed's settings are version one, from 2000-01-01.
select is((select count(*)::int from public.settings_versions), 1, 'the seed is the first version');
select is((app.settings_at('2027-01-20')).adult_price_cents, 5500, 'version one is in force on any date');

-- Who may save: admins only, refused by the database itself.
select pg_temp.act_as('manager');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"adult_price_cents": 6000}', null, '2027-01-15 12:00-08')$q$,
  '42501', null, 'a manager may not save settings');
select throws_ok(
  $q$insert into public.settings_versions (effective_from) values ('2027-03-01')$q$,
  '42501', null, 'a manager may not insert a version directly (RLS)');
select is((select count(*)::int from public.settings_versions), 1, 'a manager sees the versions');
select pg_temp.act_as('chef');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"adult_price_cents": 6000}', null, '2027-01-15 12:00-08')$q$,
  '42501', null, 'a chef may not save settings');
select pg_temp.act_as('anon');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"adult_price_cents": 6000}', null, '2027-01-15 12:00-08')$q$,
  '42501', null, 'anon may not call the save function');
select is((select count(*)::int from public.settings_versions), 1, 'anon reads the versions (quotes for any date)');

-- An admin schedules a price change for February.
select pg_temp.act_as('admin');
select lives_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"adult_price_cents": 6000, "unknown": 1}', 'winter prices', '2027-01-15 12:00-08')$q$,
  'an admin schedules a version');
select pg_temp.as_owner();
select is((app.settings_at('2027-01-31')).adult_price_cents, 5500, 'the old price holds the day before');
select is((app.settings_at('2027-02-01')).adult_price_cents, 6000, 'the new price from its date');
select is((app.settings_at('2027-02-01')).child_price_cents, 3000, 'unchanged numbers carry over');
select is((select adult_price_cents from public.pricing_settings), 5500,
  'the today projection keeps the price in force today');
select is(
  (select details #>> '{before,adult_price_cents}' || '→' || (details #>> '{after,adult_price_cents}')
   from public.audit_log where action = 'settings.schedule' and entity = 'settings_versions'),
  '5500→6000', 'the audit row carries before and after');
select is((select actor_id from public.audit_log where action = 'settings.schedule'),
  '20000000-0000-4000-8000-000000000001'::uuid, 'the audit row names the admin');

-- Stale revision, taken date, past date.
select pg_temp.act_as('admin');
select lives_ok(
  $q$select app.save_settings_version('2027-02-01', (select id from public.settings_versions where effective_from = '2027-02-01'), 1,
     '{"adult_price_cents": 6100}', null, '2027-01-15 12:00-08')$q$,
  'an in-place edit of the scheduled version at its revision');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', (select id from public.settings_versions where effective_from = '2027-02-01'), 1,
     '{"adult_price_cents": 6200}', null, '2027-01-15 12:00-08')$q$,
  '55000', null, 'a second edit of the same revision is stale');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"adult_price_cents": 6300}', null, '2027-01-15 12:00-08')$q$,
  '23505', null, 'a version for a date that has one is refused');
select throws_ok(
  $q$select app.save_settings_version('2027-01-10', 1, 1, '{"adult_price_cents": 6300}', null, '2027-01-15 12:00-08')$q$,
  '22023', null, 'a version may not start in the past');

-- Contradictions are CHECK violations.
select throws_ok(
  $q$select app.save_settings_version('2027-03-01', 1, 1, '{"free_travel_miles": 200, "max_travel_miles": 150}', null, '2027-01-15 12:00-08')$q$,
  '23514', null, 'free miles above the maximum');
select throws_ok(
  $q$select app.save_settings_version('2027-03-01', 1, 1, '{"sales_tax_bps": 2600}', null, '2027-01-15 12:00-08')$q$,
  '23514', null, 'tax over 25 %');
select throws_ok(
  $q$select app.save_settings_version('2027-03-01', 1, 1, '{"slot_times": ["12:00", "24:00"]}', null, '2027-01-15 12:00-08')$q$,
  '23514', null, 'a slot time outside 00:00–23:59');
select throws_ok(
  $q$select app.save_settings_version('2027-03-01', 1, 1, '{"minimum_food_cents": -1}', null, '2027-01-15 12:00-08')$q$,
  '23514', null, 'a minimum below zero');

-- A version effective today is projected at once.
select lives_ok(
  $q$select app.save_settings_version('2027-01-15', 1, 1, '{"deposit_cents": 12000}', null, '2027-01-15 12:00-08')$q$,
  'an admin saves a version effective today');
select pg_temp.as_owner();
select is((select deposit_cents from public.pricing_settings), 12000,
  'the today projection follows the version in force');

select * from finish();
rollback;
