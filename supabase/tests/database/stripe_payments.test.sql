-- Stripe webhook functions (issue 12, migration 20261211100000): only
-- service_role runs them; each event id is stored once; a completed Checkout
-- credits once per session and confirms; unknown bookings are not credited.
begin;
select plan(14);

insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-0000000000c1', 'card@example.com', 'Card Payer');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, payment_method) values
  ('b0000000-0000-4000-8000-0000000000c1', 'MH-CARD01', '10000000-0000-4000-8000-000000000001', '2027-05-01', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000c1', '{}', 60000, 10000,
   encode(sha256('card-token'::bytea), 'hex'), 'card');

select ok(not has_function_privilege('anon', 'app.stripe_record_payment(text,integer,text,text)', 'execute'),
  'anon cannot credit card payments');
select ok(not has_function_privilege('authenticated', 'app.stripe_record_payment(text,integer,text,text)', 'execute'),
  'authenticated cannot credit card payments');
select ok(not has_function_privilege('authenticated', 'app.stripe_claim_event(text,text,text)', 'execute'),
  'authenticated cannot store stripe events');
select ok(not has_function_privilege('anon', 'app.booking_payment_due(text,text)', 'execute'),
  'anon cannot read payment dues directly');
select ok(has_function_privilege('service_role', 'app.stripe_record_refund(text,text,text,integer)', 'execute'),
  'service_role records Stripe refunds');

set local role service_role;
select is(app.stripe_claim_event('evt_1', 'checkout.session.completed', 'mh-card01'), true, 'a new event id is claimed');
select is(app.stripe_claim_event('evt_1', 'checkout.session.completed', 'MH-CARD01'), false, 'a replay is not');
select is((app.stripe_record_payment('MH-CARD01', 10000, 'cs_1', 'pi_1'))->>'replayed', 'false', 'first credit');
select is((app.stripe_record_payment('MH-CARD01', 10000, 'cs_1', 'pi_1'))->>'replayed', 'true', 'same session: replayed');
select is(app.stripe_record_payment('MH-NOPE00', 10000, 'cs_2', 'pi_2'), null, 'unknown booking: null');
select is((app.booking_payment_due('MH-CARD01', 'card-token'))->>'paid_cents', '10000', 'payment due reads the ledger');
select is(app.booking_payment_due('MH-CARD01', 'wrong-token'), null, 'wrong token: null');
reset role;

select is((select status from public.bookings where reference = 'MH-CARD01'), 'confirmed', 'deposit confirms');
select is((select count(*)::int from public.payments p where p.booking_id = 'b0000000-0000-4000-8000-0000000000c1'
             and p.provider = 'stripe' and p.method = 'card' and p.kind = 'deposit'), 1, 'one card ledger row');

select * from finish();
rollback;
