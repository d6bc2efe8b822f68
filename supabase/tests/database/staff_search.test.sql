-- Staff bookings search (migrations 20261221100000_staff_list_indexes and
-- 20261222100000_customer_search_no_pending_list):
-- app.search_customer_ids matches name, e-mail and phone digits through
-- trigram indexes as its owner, and returns only the customers the caller
-- may read under the customers policies: admins all, a Fremont manager
-- Fremont's, a chef those of their assigned bookings; anon may not call it.
begin;
select plan(11);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'admin' then '20000000-0000-4000-8000-000000000001'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'chef' then '20000000-0000-4000-8000-000000000011'
  end;
  v_role text := case when who = 'anon' then 'anon' else 'authenticated' end;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', v_role, true);
end
$$;
create function pg_temp.found_as(who text, p_customer uuid, p_pattern text, p_digits text default null)
returns boolean language plpgsql as $$
declare
  v boolean;
begin
  perform pg_temp.act_as(who);
  select p_customer = any (app.search_customer_ids(p_pattern, p_digits)) into v;
  perform set_config('role', 'none', true);
  return v;
end
$$;

-- Customers of the seed: one with bookings only in Sacramento, one only in
-- Fremont without chef1, one of a booking assigned to chef1.
create temp table who as
select
  (select c.id from public.customers c
    where exists (select 1 from public.bookings b where b.customer_id = c.id
                  and b.location_id = '10000000-0000-4000-8000-000000000002')
      and not exists (select 1 from public.bookings b where b.customer_id = c.id
                  and b.location_id <> '10000000-0000-4000-8000-000000000002')
    order by c.id limit 1) as sacramento,
  (select c.id from public.customers c
    where exists (select 1 from public.bookings b where b.customer_id = c.id
                  and b.location_id = '10000000-0000-4000-8000-000000000001')
      and not exists (select 1 from public.bookings b where b.customer_id = c.id
                  and (b.location_id <> '10000000-0000-4000-8000-000000000001'
                    or b.chef_id = '30000000-0000-4000-8000-000000000001'))
      and c.phone is not null
    order by c.id limit 1) as fremont,
  (select b.customer_id from public.bookings b
    where b.chef_id = '30000000-0000-4000-8000-000000000001'
    order by b.id limit 1) as chefs;
grant select on who to authenticated, anon;
create temp table pat as
select
  (select '%' || c.email::text || '%' from public.customers c where c.id = who.sacramento) as sacramento,
  (select '%' || upper(c.email::text) || '%' from public.customers c where c.id = who.fremont) as fremont,
  (select '%' || regexp_replace(c.phone, '\D', '', 'g') || '%' from public.customers c where c.id = who.fremont) as fremont_digits,
  (select '%' || c.name || '%' from public.customers c where c.id = who.chefs) as chefs
from who;
grant select on pat to authenticated, anon;

select is(pg_temp.found_as('admin', (select sacramento from who), (select sacramento from pat)),
  true, 'admin: finds a Sacramento customer by e-mail');
select is(pg_temp.found_as('manager', (select sacramento from who), (select sacramento from pat)),
  false, 'Fremont manager: does not find a Sacramento-only customer');
select is(pg_temp.found_as('manager', (select fremont from who), (select fremont from pat)),
  true, 'Fremont manager: finds a Fremont customer by e-mail, any case');
select is(pg_temp.found_as('manager', (select fremont from who), '%no such text%', (select fremont_digits from pat)),
  true, 'Fremont manager: finds a Fremont customer by phone digits');
select is(pg_temp.found_as('chef', (select chefs from who), (select chefs from pat)),
  true, 'chef: finds the customer of an assigned booking');
select is(pg_temp.found_as('chef', (select fremont from who), (select fremont from pat)),
  false, 'chef: does not find a customer of bookings not theirs');

create function pg_temp.search_as_anon() returns uuid[] language plpgsql as $$
begin
  perform pg_temp.act_as('anon');
  return app.search_customer_ids('%a%', null);
end
$$;
select throws_ok('select pg_temp.search_as_anon()', '42501', null,
  'anon may not search customers');
select has_index('public', 'customers', 'customers_name_trgm_idx', 'names have a trigram index');
select has_index('public', 'customers', 'customers_email_trgm_idx', 'e-mails have a trigram index');
select has_index('public', 'bookings', 'bookings_location_list_idx', 'location filter in list order');
select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relname like 'customers%trgm_idx' and 'fastupdate=off' = any (c.reloptions)),
  array['customers_email_trgm_idx', 'customers_name_trgm_idx', 'customers_phone_digits_trgm_idx'],
  'the search indexes keep no pending list (migration 20261222100000)');

select * from finish();
rollback;
