-- Staff management (issue 11, migration 20261216100200): who may change a
-- member, role and location changes with an audit row, deactivation ends
-- sessions and stops the chef, and the last admin always stays.
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
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', 'authenticated', true);
end
$$;
grant execute on function pg_temp.act_as(text) to authenticated;

-- The auth server's session table (created by it; here if it is missing).
create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);
insert into auth.sessions (id, user_id) values
  ('e0000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000011'),
  ('e0000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000011');

-- Managers and chefs may not change staff.
select pg_temp.act_as('manager');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000011', '{"role": "manager"}')$q$,
  '42501', null, 'a manager may not change a member');
select throws_ok(
  $q$select app.end_staff_sessions('20000000-0000-4000-8000-000000000011')$q$,
  '42501', null, 'a manager may not end sessions');
select pg_temp.act_as('chef');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000011', '{"active": true}')$q$,
  '42501', null, 'a chef may not change themselves');

-- An admin changes a role and locations.
select pg_temp.act_as('admin');
select is(
  app.update_staff_member('20000000-0000-4000-8000-000000000012',
    '{"role": "manager", "location_ids": ["10000000-0000-4000-8000-000000000002"]}') ->> 'role',
  'manager', 'an admin makes a chef a manager');
select is(
  (select array_agg(location_id)::text from public.staff_locations
   where user_id = '20000000-0000-4000-8000-000000000012'),
  '{10000000-0000-4000-8000-000000000002}', 'the location set is replaced');
select is(
  (select details #>> '{before,role}' || '→' || (details #>> '{after,role}') from public.audit_log
   where action = 'staff.update' and entity_id = '20000000-0000-4000-8000-000000000012'),
  'chef→manager', 'the audit row has before and after');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000012', '{"role": "owner"}')$q$,
  '22023', null, 'an unknown role');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000012',
     '{"location_ids": ["10000000-0000-4000-8000-000000000077"]}')$q$,
  '22023', null, 'an unknown location');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000012', '{"role": "chef"}', '2000-01-01')$q$,
  '55000', null, 'a stale expected updated_at');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000099', '{"role": "chef"}')$q$,
  'P0002', null, 'an unknown member');

-- Deactivation ends sessions and takes the chef out of service.
select is(
  (app.update_staff_member('20000000-0000-4000-8000-000000000011', '{"active": false}') ->> 'active')::boolean,
  false, 'an admin deactivates a chef');
set local role none;
select is((select count(*)::int from auth.sessions where user_id = '20000000-0000-4000-8000-000000000011'),
  0, 'their sessions are gone');
select is((select c.active from public.chefs c where c.user_id = '20000000-0000-4000-8000-000000000011'),
  false, 'their chef row is inactive');
select is((select (details ->> 'sessions_ended')::int from public.audit_log where action = 'staff.deactivate'),
  2, 'the audit row counts the sessions ended');

-- The last admin stays, whoever tries.
select pg_temp.act_as('admin');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000001', '{"role": "manager"}')$q$,
  '23514', null, 'the last admin cannot step down');
select throws_ok(
  $q$select app.update_staff_member('20000000-0000-4000-8000-000000000001', '{"active": false}')$q$,
  '23514', null, 'the last admin cannot be deactivated');
set local role none;
select throws_ok(
  $q$delete from public.staff where user_id = '20000000-0000-4000-8000-000000000001'$q$,
  '23514', null, 'not even the owner can delete the last admin');

select * from finish();
rollback;
