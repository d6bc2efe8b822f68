-- Insights pricing bounds (issue 13 item 3, migration 20261221600000,
-- ADR 0042): both settings tables carry them with the seed defaults, only
-- an admin saves them, out-of-range values are refused by the CHECKs, and a
-- saved version is projected into pricing_settings.
begin;
select plan(7);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
begin
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', v_sub, true);
  perform set_config('role', 'authenticated', true);
end
$$;
grant execute on function pg_temp.act_as(text) to authenticated;

select is((select max_surcharge_percent from public.pricing_settings), 20,
  'surcharge bound defaults to 20 %');
select is((app.settings_at('2027-01-20')).max_promotion_percent, 15,
  'promotion bound defaults to 15 % in the versions');

select pg_temp.act_as('manager');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"max_surcharge_percent": 10}', null, '2027-01-15 12:00-08')$q$,
  '42501', null, 'a manager may not change the bounds');

select pg_temp.act_as('admin');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"max_surcharge_percent": 60}', null, '2027-01-15 12:00-08')$q$,
  '23514', null, 'a surcharge bound above 50 % is refused');
select throws_ok(
  $q$select app.save_settings_version('2027-02-01', 1, 1, '{"max_promotion_percent": -1}', null, '2027-01-15 12:00-08')$q$,
  '23514', null, 'a negative promotion bound is refused');
select lives_ok(
  $q$select app.save_settings_version('2027-01-15', 1, 1, '{"max_surcharge_percent": 10, "max_promotion_percent": 5}', null, '2027-01-15 12:00-08')$q$,
  'an admin saves new bounds effective today');
select set_config('role', 'none', true);
select is(
  (select (max_surcharge_percent, max_promotion_percent) from public.pricing_settings),
  (10, 5),
  'the today projection carries the bounds');

select * from finish();
rollback;
