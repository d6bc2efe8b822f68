-- Every row-level security policy evaluates its helper functions once per
-- statement: a bare app.*() or auth.*() call in a policy runs once per row
-- (see migration 20261219100000_rls_initplan.sql).
begin;
select plan(3);

select is(
  (select count(*)::int from pg_policies
   where schemaname = 'public'
     and (coalesce(qual, '') ~ '(?<!SELECT )\m(app|auth)\.[a-z_]+\(\)'
       or coalesce(with_check, '') ~ '(?<!SELECT )\m(app|auth)\.[a-z_]+\(\)')),
  0,
  'no policy calls app.*() or auth.*() per row'
);

select ok(
  (select count(*) from pg_policies
   where schemaname = 'public' and qual ~ 'SELECT app\.is_admin\(\)') > 0,
  'admin policies use (SELECT app.is_admin())'
);

select has_index('public', 'bookings', 'bookings_list_order_idx',
  'the staff list order has an index');

select * from finish();
rollback;
