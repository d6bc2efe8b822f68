-- Abuse limits (issue 9, ADR 0015; migration 20261212100000_abuse_limits):
-- where the numbers come from, and the customer entry points refusing
-- the 3rd hold of a client and the 4th unpaid booking per email, phone and
-- client with the `too_many_pending` check violation, whose HINT is the
-- Retry-After (20261224200000).
begin;
select plan(19);

insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now());

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'user' then 'aaaaaaaa-0000-4000-8000-000000000001'
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
  v_role text := case when who = 'anon' then 'anon' else 'authenticated' end;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', v_role, true);
end
$$;

-- Run p_sql as `who`; 'rows=<n>' / 'ok' (its effects stay) or
-- '<SQLSTATE>:<constraint>:<detail>' (rolled back).
create function pg_temp.attempt(who text, p_sql text) returns text language plpgsql as $$
declare
  v_constraint text;
  v_detail text;
  v_rows integer;
begin
  perform pg_temp.act_as(who);
  execute p_sql;
  get diagnostics v_rows = row_count;
  perform set_config('role', 'none', true);
  return 'rows=' || v_rows;
exception when others then
  get stacked diagnostics v_constraint = constraint_name, v_detail = pg_exception_detail;
  perform set_config('role', 'none', true);
  return sqlstate || ':' || coalesce(v_constraint, '') || ':' || coalesce(v_detail, '');
end
$$;

-- The HINT of p_sql's refusal as `who` (the whole seconds of Retry-After,
-- migration 20261224200000), or null when it is not refused.
create function pg_temp.refusal_hint(who text, p_sql text) returns text language plpgsql as $$
declare
  v_hint text;
begin
  perform pg_temp.act_as(who);
  execute p_sql;
  perform set_config('role', 'none', true);
  return null;
exception when others then
  get stacked diagnostics v_hint = pg_exception_hint;
  perform set_config('role', 'none', true);
  return v_hint;
end
$$;

-- A customer booking payload on day p_day (from 2027-06-07, a Monday, at
-- 18:00; seeded Fremont chefs work Mon–Sun in seed.sql) for p_email/p_phone.
create function pg_temp.booking(p_day int, p_email text, p_phone text, p_client text)
returns text language sql as $$
  select format('select app.create_customer_booking(%L::jsonb)', jsonb_build_object(
    'location_id', '10000000-0000-4000-8000-000000000001',
    'event_date', ('2027-06-07'::date + p_day)::text, 'slot_time', '18:00',
    'adults', 10, 'children', 0, 'under6', 0,
    'proteins', '{"chicken": 10, "steak": 10}'::jsonb,
    'address_line1', '1 Main St', 'city', 'Fremont', 'state', 'CA', 'zip', '94539',
    'quote', '{}'::jsonb, 'total_cents', 60000, 'deposit_cents', 10000,
    'manage_token_hash', encode(sha256(convert_to(p_email || p_day || p_phone, 'UTF8')), 'hex'),
    'deposit_due_at', '2027-01-01T00:00:00Z', 'payment_method', 'zelle',
    'customer', jsonb_build_object('email', p_email, 'name', 'Spam', 'phone', p_phone),
    'client_hash', p_client))
$$;

-- The numbers are the settings in force (settings_versions, ADR 0023).
select is((select max_holds_per_client from app.settings_at(app.business_today())), 2,
  'two holds per client by default');
select is((select max_unpaid_bookings from app.settings_at(app.business_today())), 3,
  'three unpaid bookings by default');
select hasnt_table('public', 'abuse_limits', 'no second home for the numbers');
select is(pg_temp.attempt('anon', $q$select app.assert_hold_limit(repeat('a', 64))$q$),
  '42501::', 'anon may not call the limit helpers directly');

-- Holds: two per client, then too_many_pending (detail: holds).
select is(pg_temp.attempt('anon', $q$select app.create_customer_hold('10000000-0000-4000-8000-000000000001', '2027-06-07', '12:00', repeat('a', 64))$q$),
  'rows=1', 'anon: first hold of a client');
select is(pg_temp.attempt('anon', $q$select app.create_customer_hold('10000000-0000-4000-8000-000000000001', '2027-06-08', '12:00', repeat('a', 64))$q$),
  'rows=1', 'anon: second hold of a client');
select is(pg_temp.attempt('anon', $q$select app.create_customer_hold('10000000-0000-4000-8000-000000000001', '2027-06-09', '12:00', repeat('a', 64))$q$),
  '23514:too_many_pending:holds', 'the third unexpired hold of a client is refused');
select is(pg_temp.refusal_hint('anon', $q$select app.create_customer_hold('10000000-0000-4000-8000-000000000001', '2027-06-09', '12:00', repeat('a', 64))$q$),
  (select ceil(extract(epoch from min(expires_at) - now()))::bigint::text from public.holds
   where client_hash = repeat('a', 64)),
  'the refusal names the seconds until the first of the client''s holds expires');
select is(pg_temp.attempt('anon', $q$select app.create_customer_hold('10000000-0000-4000-8000-000000000001', '2027-06-09', '12:00', repeat('b', 64))$q$),
  'rows=1', 'another client may hold');
select is(pg_temp.attempt('anon', $q$select app.create_customer_hold('10000000-0000-4000-8000-000000000001', '2027-06-10', '12:00', repeat('a', 64), false)$q$),
  'rows=1', 'limits off (RATE_LIMITS=off): no hold limit');
select is((select count(*)::int from public.holds where client_hash = repeat('a', 64)), 3,
  'holds record their client');

-- Unpaid bookings: three per email, phone and client.
select is(pg_temp.attempt('anon', pg_temp.booking(0, 'spam@example.com', '510-555-0100', repeat('c', 64))), 'rows=1', 'booking 1');
select is(pg_temp.attempt('anon', pg_temp.booking(1, 'spam@example.com', '510-555-0101', repeat('d', 64))), 'rows=1', 'booking 2');
select is(pg_temp.attempt('anon', pg_temp.booking(2, 'spam@example.com', '510-555-0102', repeat('e', 64))), 'rows=1', 'booking 3');
select is(pg_temp.attempt('anon', pg_temp.booking(3, 'Spam@Example.com', '510-555-0103', repeat('f', 64))),
  '23514:too_many_pending:email', 'the 4th unpaid booking of one email is refused');
select is(pg_temp.refusal_hint('anon', pg_temp.booking(3, 'spam@example.com', '510-555-0103', repeat('f', 64))),
  '86400', 'an unpaid-booking refusal names the seconds until the oldest counted one is 24 hours old (all made now)');
select is(pg_temp.attempt('anon', pg_temp.booking(3, 'other@example.com', '+1 510 555 0200', repeat('1', 64))
  || '; ' || pg_temp.booking(4, 'other2@example.com', '5105550200', repeat('2', 64))
  || '; ' || pg_temp.booking(5, 'other3@example.com', '510.555.0200', repeat('3', 64))
  || '; ' || pg_temp.booking(6, 'other4@example.com', '(510) 555-0200', repeat('4', 64))),
  '23514:too_many_pending:phone', 'the 4th unpaid booking of one phone (any format) is refused');
select is((select count(*)::int from public.bookings where client_hash = repeat('c', 64)), 1,
  'bookings record their client; refused ones left nothing');
select is(pg_temp.attempt('anon',
  replace(pg_temp.booking(7, 'spam@example.com', '510-555-0109', repeat('9', 64)), '"client_hash"', '"abuse_limits": false, "client_hash"')),
  'rows=1', 'limits off (RATE_LIMITS=off): the 4th booking of an email goes through');

select * from finish();
rollback;
