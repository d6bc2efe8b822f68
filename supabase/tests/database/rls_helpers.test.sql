-- The RLS helpers (migration 20261222100100_rls_helpers_plpgsql): PL/pgSQL,
-- security definer with an empty search_path, and the same answers per
-- caller as before: the admin is admin, a manager manages Fremont only, a
-- chef has a chef id, a user who is not staff is nothing.
begin;
select plan(16);

create function pg_temp.act_as(p_sub text) returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', json_build_object('sub', p_sub, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', p_sub, true);
end
$$;

select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
   join pg_namespace n on n.oid = p.pronamespace
   join pg_language l on l.oid = p.prolang
   where n.nspname = 'app' and l.lanname = 'plpgsql' and p.prosecdef
     and p.proconfig = array['search_path=""']
     and p.proname in ('is_admin', 'is_staff', 'managed_location_ids', 'chef_id', 'staff_role')),
  array['chef_id', 'is_admin', 'is_staff', 'managed_location_ids', 'staff_role'],
  'the five helpers are PL/pgSQL security definer with an empty search_path');

select pg_temp.act_as('20000000-0000-4000-8000-000000000001');
select is(app.is_admin(), true, 'admin: is admin');
select is(app.is_staff(), true, 'admin: is staff');
select is(app.staff_role(), 'admin', 'admin: role admin');
select is(app.managed_location_ids(), '{}'::uuid[], 'admin: manages no listed location');

select pg_temp.act_as('20000000-0000-4000-8000-000000000002');
select is(app.is_admin(), false, 'manager: not admin');
select is(app.managed_location_ids(), array['10000000-0000-4000-8000-000000000001'::uuid],
  'Fremont manager: manages Fremont only');
select is(app.chef_id(), null, 'manager: no chef id');
select is(app.staff_role(), 'manager', 'manager: role manager');

select pg_temp.act_as('20000000-0000-4000-8000-000000000011');
select is(app.chef_id(), (select id from public.chefs where user_id = '20000000-0000-4000-8000-000000000011'),
  'chef: their chef id');
select is(app.managed_location_ids(), '{}'::uuid[], 'chef: manages nothing');
select is(app.staff_role(), 'chef', 'chef: role chef');

select pg_temp.act_as(gen_random_uuid()::text);
select is(app.is_staff(), false, 'not staff: is_staff false');
select is(app.is_admin(), false, 'not staff: is_admin false');
select is(app.chef_id(), null, 'not staff: no chef id');

-- An inactive manager manages nothing (the same rule as the SQL bodies had).
update public.staff set active = false where user_id = '20000000-0000-4000-8000-000000000002';
select pg_temp.act_as('20000000-0000-4000-8000-000000000002');
select is(app.managed_location_ids(), '{}'::uuid[], 'inactive manager: manages nothing');

select * from finish();
rollback;
