-- The customer's guest/menu change (migration 20261220100100, ADR 0027):
-- only with the manage token, only while the booking is open, recorded as a
-- customer party_changed event. Prices and cutoffs are the app's (lib/).
begin;
select plan(8);

insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-0000000000d1', 'party-change@example.com', 'Party Changer');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, deposit_due_at, proteins) values
  ('b0000000-0000-4000-8000-0000000000d1', 'MH-PRTY01', '10000000-0000-4000-8000-000000000001', '2027-07-03', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000d1', '{}', 60000, 10000,
   encode(sha256('party-token'::bytea), 'hex'), '2027-06-01 12:00:00+00', '{"chicken": 10, "steak": 10}');

select ok(has_function_privilege('anon', 'app.customer_edit_party(text,text,jsonb,jsonb,integer,integer)', 'execute'),
  'anon (the manage link) may call it');

set local role anon;
select is((app.customer_edit_party('MH-PRTY01', 'wrong-token', '{"adults": 20}', '{}', 1, 0)).id, null,
  'a wrong token changes nothing');
select throws_ok($$select app.customer_edit_party('MH-PRTY01', 'party-token',
    '{"adults": 12, "proteins": {"chicken": 12, "steak": 12}}', '{"totalCents": 70000}', 70000, 80000)$$,
  '22023', null, 'the deposit cannot exceed the total');
select is((app.customer_edit_party('MH-PRTY01', 'party-token',
    '{"adults": 12, "proteins": {"chicken": 12, "steak": 12}}', '{"totalCents": 70000}', 70000, 10000)).adults, 12,
  'the token holder changes the party');
reset role;

select is((select total_cents from public.bookings where reference = 'MH-PRTY01'), 70000, 'the new total is stored');
select is((select actor from public.booking_events where booking_id = 'b0000000-0000-4000-8000-0000000000d1'
           and type = 'party_changed'), 'customer', 'recorded as a customer party_changed event');

-- Paid 70000, then fewer guests (60000): 10000 becomes a refund due.
insert into public.payments (booking_id, kind, method, amount_cents)
values ('b0000000-0000-4000-8000-0000000000d1', 'deposit', 'zelle', 70000);
set local role anon;
select app.customer_edit_party('MH-PRTY01', 'party-token',
  '{"adults": 10, "proteins": {"chicken": 10, "steak": 10}}', '{"totalCents": 60000}', 60000, 10000);
reset role;
select is((select array_agg(amount_cents) from public.refunds_due
           where booking_id = 'b0000000-0000-4000-8000-0000000000d1' and status = 'due'), array[10000],
  'paid beyond the new total becomes a refund due');

update public.bookings set status = 'cancellation_requested' where reference = 'MH-PRTY01';
set local role anon;
select throws_ok($$select app.customer_edit_party('MH-PRTY01', 'party-token',
    '{"adults": 14, "proteins": {"chicken": 14, "steak": 14}}', '{}', 80000, 10000)$$,
  '23514', null, 'not once the booking is no longer open');
reset role;

select * from finish();
rollback;
