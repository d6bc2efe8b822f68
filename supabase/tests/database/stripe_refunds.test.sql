-- Refunds through Stripe (issue 12, migration 20261214100000, ADR 0019): a
-- refund due on a card booking queues one Stripe refund per PaymentIntent;
-- charge.refunded settles them; refund.failed fails one; who may read them.
begin;
select plan(16);

insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('20000000-0000-4000-8000-000000000003', 'authenticated', 'authenticated', 'sac.manager@myhibachi.example', now(), now());
insert into public.staff (user_id, email, full_name, role) values
  ('20000000-0000-4000-8000-000000000003', 'sac.manager@myhibachi.example', 'Sacramento Manager', 'manager');
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002');
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-0000000000d1', 'refund@example.com', 'Refund Payer');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, payment_method) values
  ('b0000000-0000-4000-8000-0000000000d1', 'MH-REFD01', '10000000-0000-4000-8000-000000000001', '2027-05-01', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000d1', '{}', 60000, 10000,
   encode(sha256('refund-token'::bytea), 'hex'), 'card');

-- Deposit and part of the balance by card (two PaymentIntents), cash on top.
set local role service_role;
do $$ begin
  perform app.stripe_record_payment('MH-REFD01', 10000, 'cs_d1', 'pi_d1');
  perform app.stripe_record_payment('MH-REFD01', 5000, 'cs_d2', 'pi_d2');
end $$;
reset role;
insert into public.payments (booking_id, kind, method, amount_cents, provider)
values ('b0000000-0000-4000-8000-0000000000d1', 'balance', 'cash', 3000, 'manual');

-- 17000 owed back: 10000 + 5000 through Stripe, the 2000 left for staff.
insert into public.refunds_due (id, booking_id, amount_cents, reason) values
  ('d0000000-0000-4000-8000-0000000000d1', 'b0000000-0000-4000-8000-0000000000d1', 17000, 'test');

select is((select count(*)::int from public.stripe_refunds), 2, 'one Stripe refund per PaymentIntent');
select is((select array_agg(payment_intent || '=' || amount_cents order by created_at, payment_intent) from public.stripe_refunds),
  array['pi_d1=10000', 'pi_d2=5000'], 'oldest card payment first, never more than it brought in');
select ok((select bool_and(idempotency_key like 'refund:MH-REFD01:d0000000-0000-4000-8000-0000000000d1:pi_d%')
           from public.stripe_refunds), 'idempotency key per refund due and PaymentIntent');
select is((select min(status) from public.stripe_refunds), 'queued', 'queued for the refunds job');

-- A second refund due cannot take more from a PaymentIntent already being refunded.
insert into public.refunds_due (booking_id, amount_cents, reason) values
  ('b0000000-0000-4000-8000-0000000000d1', 1000, 'test again');
select is((select count(*)::int from public.stripe_refunds), 2, 'nothing left to refund by card');

-- Who reads them.
create function pg_temp.count_as(p_sub text, p_role text) returns integer language plpgsql as $$
declare v integer;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', p_sub, 'role', p_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(p_sub, ''), true);
  perform set_config('role', p_role, true);
  select count(*)::int into v from public.stripe_refunds;
  perform set_config('role', 'none', true);
  return v;
exception when insufficient_privilege then
  perform set_config('role', 'none', true);
  return -1;
end
$$;
select is(pg_temp.count_as(null, 'anon'), -1, 'anon cannot read stripe refunds');
select is(pg_temp.count_as('20000000-0000-4000-8000-000000000011', 'authenticated'), 0, 'a chef reads none');
select is(pg_temp.count_as('20000000-0000-4000-8000-000000000003', 'authenticated'), 0,
  'a manager of another location reads none');
select is(pg_temp.count_as('20000000-0000-4000-8000-000000000002', 'authenticated'), 2,
  'the location''s manager reads them');
select is(pg_temp.count_as('20000000-0000-4000-8000-000000000001', 'authenticated'), 2, 'an admin reads them');

select ok(not has_function_privilege('authenticated', 'app.stripe_refunds_settled(text,integer)', 'execute'),
  'authenticated cannot settle Stripe refunds');
select ok(not has_function_privilege('anon', 'app.stripe_refund_failed(text,text,text)', 'execute'),
  'anon cannot fail Stripe refunds');

update public.stripe_refunds set status = 'requested', stripe_refund_id = 're_d2' where payment_intent = 'pi_d2';
set local role service_role;
select is(app.stripe_refunds_settled('pi_d1', 10000), 1, 'charge.refunded settles the covered request');
select is(app.stripe_refunds_settled('pi_d1', 10000), 0, 'a repeat settles nothing more');
select is(app.stripe_refund_failed('re_unknown', 'pi_elsewhere', 'lost'), null, 'a refund that is not ours: null');
select is(app.stripe_refund_failed('re_d2', 'pi_d2', 'expired_or_canceled_card'), 'MH-REFD01',
  'refund.failed fails the request');
reset role;

select * from finish();
rollback;
