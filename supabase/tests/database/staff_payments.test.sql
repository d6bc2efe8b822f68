-- Staff payment and refund recording (issue 10; SPEC §5 POST …/payments,
-- …/refunds): who may record, amount limits, idempotency keys, deposit →
-- confirmed, history + audit rows, stale writes.
begin;
select plan(36);

-- Fixtures (as the owner). Seeded ids: supabase/seed.sql. A second manager
-- runs Sacramento only.
insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now()),
  ('20000000-0000-4000-8000-000000000003', 'authenticated', 'authenticated', 'sac.manager@myhibachi.example', now(), now());
insert into public.staff (user_id, email, full_name, role) values
  ('20000000-0000-4000-8000-000000000003', 'sac.manager@myhibachi.example', 'Sacramento Manager', 'manager');
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002');
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-000000000001', 'payer@example.com', 'Payer');
-- 2027-05-01 is a Saturday: every chef works.
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash) values
  ('b0000000-0000-4000-8000-000000000001', 'MH-PAYFR1', '10000000-0000-4000-8000-000000000001', '2027-05-01', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('1', 64)),
  ('b0000000-0000-4000-8000-000000000002', 'MH-PAYSA1', '10000000-0000-4000-8000-000000000002', '2027-05-01', '18:00', 10,
   '2 K St', 'Sacramento', 'CA', '95814', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('2', 64)),
  ('b0000000-0000-4000-8000-000000000003', 'MH-PAYFR3', '10000000-0000-4000-8000-000000000001', '2027-05-01', '15:00', 10,
   '3 Main St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('3', 64));
update public.bookings set status = 'cancelled' where id = 'b0000000-0000-4000-8000-000000000003';

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'user' then 'aaaaaaaa-0000-4000-8000-000000000001'
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'other_manager' then '20000000-0000-4000-8000-000000000003'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
  v_role text := case when who = 'anon' then 'anon' else 'authenticated' end;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', v_role, true);
end
$$;

-- Run p_sql as `who`; 'ok' (its effects stay) or '<SQLSTATE>:<constraint>'
-- (rolled back).
create function pg_temp.attempt(who text, p_sql text) returns text language plpgsql as $$
declare
  v_constraint text;
begin
  perform pg_temp.act_as(who);
  execute p_sql;
  perform set_config('role', 'none', true);
  return 'ok';
exception when others then
  get stacked diagnostics v_constraint = constraint_name;
  perform set_config('role', 'none', true);
  return sqlstate || ':' || coalesce(v_constraint, '');
end
$$;

-- Run p_sql (a jsonb expression) as `who` and return its value.
create function pg_temp.value_as(who text, p_sql text) returns jsonb language plpgsql as $$
declare
  v jsonb;
begin
  perform pg_temp.act_as(who);
  execute 'select (' || p_sql || ')::jsonb' into v;
  perform set_config('role', 'none', true);
  return v;
end
$$;

-- Who may record a payment.
select is(pg_temp.attempt('anon', $q$select app.record_payment('MH-PAYFR1', 'zelle', 1000)$q$),
  '42501:', 'anon: may not call app.record_payment');
select is(pg_temp.attempt('user', $q$select app.record_payment('MH-PAYFR1', 'zelle', 1000)$q$),
  '42501:staff_booking_scope', 'authenticated non-staff: FORBIDDEN');
select is(pg_temp.attempt('chef', $q$select app.record_payment('MH-PAYFR1', 'zelle', 1000)$q$),
  '42501:staff_booking_scope', 'chef: FORBIDDEN (chefs handle no money)');
select is(pg_temp.attempt('other_manager', $q$select app.record_payment('MH-PAYFR1', 'zelle', 1000)$q$),
  '42501:staff_booking_scope', 'manager of Sacramento: FORBIDDEN on a Fremont booking');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYSA1', 'zelle', 1000)$q$),
  '42501:staff_booking_scope', 'manager of Fremont: FORBIDDEN on a Sacramento booking');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-NOPE00', 'zelle', 1000)$q$),
  'P0002:booking_exists', 'unknown reference: BOOKING_NOT_FOUND');
select is((select count(*)::int from public.payments where booking_id in
  ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')), 0,
  'refused attempts recorded nothing');

-- Bad input.
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'zelle', 0)$q$),
  '22023:payments_amount_limit', 'amount 0 is refused');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'zelle', -5)$q$),
  '22023:payments_amount_limit', 'a negative amount is refused');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'zelle', 80001)$q$),
  '22023:payments_amount_limit', 'more than balance due (60000) + margin (20000) is refused');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'bitcoin', 1000)$q$),
  '22023:payments_method', 'an unknown method is refused');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR3', 'cash', 1000)$q$),
  '23514:bookings_status_transition', 'a cancelled booking takes no payment (INVALID_TRANSITION)');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'zelle', 1000, null, null, '2020-01-01T00:00:00Z')$q$),
  '55000:bookings_expected_updated_at', 'a stale expected updated_at is refused (STALE_BOOKING)');

-- A deposit in two parts: the first keeps it pending, the second confirms.
select is(pg_temp.value_as('manager',
  $q$app.record_payment('MH-PAYFR1', 'zelle', 4000, 'first half', 'key-1') #> '{booking,status}'$q$),
  '"pending_deposit"', 'a partial deposit leaves the booking pending_deposit');
select is(
  (select jsonb_build_object('status', r -> 'status', 'paid_cents', r -> 'paid_cents',
                             'balance_due_cents', r -> 'balance_due_cents')
   from (select pg_temp.value_as('manager',
     $q$app.record_payment('MH-PAYFR1', 'venmo', 6000, null, 'key-2',
          (select updated_at from public.bookings where reference = 'MH-PAYFR1')) -> 'booking'$q$) r) x),
  '{"status": "confirmed", "paid_cents": 10000, "balance_due_cents": 50000}'::jsonb,
  'paying the rest of the deposit (with the current updated_at) confirms; balance due 50000');
select results_eq(
  $q$select kind, method, amount_cents, recorded_by::text, idempotency_key from public.payments
     where booking_id = 'b0000000-0000-4000-8000-000000000001' order by created_at, amount_cents$q$,
  $q$values ('deposit', 'zelle', 4000, '20000000-0000-4000-8000-000000000002', 'key-1'),
            ('deposit', 'venmo', 6000, '20000000-0000-4000-8000-000000000002', 'key-2')$q$,
  'two deposit rows in the ledger, recorded by the manager with their keys');
select results_eq(
  $q$select type, actor, actor_id::text from public.booking_events
     where booking_id = 'b0000000-0000-4000-8000-000000000001' and type <> 'created'
     order by at, type$q$,
  $q$values ('confirmed', 'staff', '20000000-0000-4000-8000-000000000002'),
            ('payment_recorded', 'staff', '20000000-0000-4000-8000-000000000002'),
            ('payment_recorded', 'staff', '20000000-0000-4000-8000-000000000002')$q$,
  'history: two payment_recorded events and the confirmation, by the manager');
select is(
  (select after -> 'paid_cents' from public.booking_events
   where booking_id = 'b0000000-0000-4000-8000-000000000001' and type = 'payment_recorded'
   order by (after ->> 'paid_cents')::int desc limit 1),
  '10000'::jsonb, 'the payment event carries paid before/after');
select is(
  (select count(*)::int from public.audit_log where action = 'booking.payment_recorded'
     and entity_id = 'b0000000-0000-4000-8000-000000000001' and actor_id = '20000000-0000-4000-8000-000000000002'),
  2, 'one audit row per recorded payment');
select is(
  (select count(*)::int from public.notifications where kind = 'booking_confirmed'
     and booking_id = 'b0000000-0000-4000-8000-000000000001'),
  1, 'the confirmation mail is queued once');

-- Idempotency: the same key replays, never a second row.
select is(pg_temp.value_as('manager',
  $q$app.record_payment('MH-PAYFR1', 'venmo', 6000, null, 'key-2') -> 'replayed'$q$),
  'true'::jsonb, 'the same key and request answer replayed: true');
select is(pg_temp.value_as('manager',
  $q$app.record_payment('MH-PAYFR1', 'venmo', 6000, null, 'key-2', '2020-01-01T00:00:00Z') -> 'replayed'$q$),
  'true'::jsonb, 'a replay answers even though its first attempt changed the booking');
select is((select count(*)::int from public.payments where booking_id = 'b0000000-0000-4000-8000-000000000001'),
  2, 'replays added no ledger row');
select is((select count(*)::int from public.booking_events
  where booking_id = 'b0000000-0000-4000-8000-000000000001' and type = 'payment_recorded'),
  2, 'replays added no history event');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'venmo', 7000, null, 'key-2')$q$),
  '23505:payments_idempotency_key', 'the same key for another amount: IDEMPOTENCY_KEY_REUSED');
select is(pg_temp.attempt('admin', $q$select app.record_payment('MH-PAYSA1', 'venmo', 6000, null, 'key-2')$q$),
  '23505:payments_idempotency_key', 'the same key for another booking: IDEMPOTENCY_KEY_REUSED');

-- Balance payments once confirmed; admins act everywhere.
select is(pg_temp.value_as('manager',
  $q$app.record_payment('MH-PAYFR1', 'cash', 50000, 'at the event') #> '{payment,ledger_kind}'$q$),
  '"balance"', 'after the deposit, payments are balance rows');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'cash', 20001)$q$),
  '22023:payments_amount_limit', 'with nothing due, at most the margin is accepted');
select is(pg_temp.attempt('admin', $q$select app.record_payment('MH-PAYSA1', 'card', 10000)$q$),
  'ok', 'admin: records a payment at any location');

-- Refunds.
select is(pg_temp.attempt('chef', $q$select app.record_refund('MH-PAYFR1', 'cash', 1000)$q$),
  '42501:staff_booking_scope', 'chef: cannot record a refund');
select is(pg_temp.attempt('other_manager', $q$select app.record_refund('MH-PAYFR1', 'cash', 1000)$q$),
  '42501:staff_booking_scope', 'manager of another location: cannot record a refund');
select is(pg_temp.attempt('manager', $q$select app.record_refund('MH-PAYFR1', 'cash', 60001)$q$),
  '22023:payments_amount_limit', 'a refund above the net amount received is refused');
select is(pg_temp.value_as('manager',
  $q$app.record_refund('MH-PAYFR1', 'zelle', 5000, 'goodwill', 'refund-1') #> '{booking,paid_cents}'$q$),
  '55000'::jsonb, 'a refund lowers the net amount received');
select is(pg_temp.value_as('manager',
  $q$app.record_refund('MH-PAYFR1', 'zelle', 5000, 'goodwill', 'refund-1') -> 'replayed'$q$),
  'true'::jsonb, 'refunds replay by key too');
select is((select count(*)::int from public.payments
  where booking_id = 'b0000000-0000-4000-8000-000000000001' and kind = 'refund'), 1,
  'one refund row');
select is(pg_temp.attempt('manager', $q$select app.record_payment('MH-PAYFR1', 'zelle', 5000, null, 'refund-1')$q$),
  '23505:payments_idempotency_key', 'a refund key cannot be replayed as a payment');

select * from finish();
rollback;
