-- Invariants the database carries on its own: slot capacity, one chef per
-- slot, legal status transitions, append-only history, value checks.
begin;
select plan(24);

insert into public.customers (id, email, name)
values ('c0000000-0000-4000-8000-000000000001', 'inv@example.com', 'Invariant Tester');

-- Fremont Fridays: chef1, chef2, chef3 work → capacity 3 (2027-03-05 is a Friday).
create function pg_temp.book(p_slot text, p_id uuid default gen_random_uuid()) returns uuid
language sql as $$
  insert into public.bookings (id, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
    customer_id, quote, total_cents, deposit_cents, manage_token_hash)
  values (p_id, '10000000-0000-4000-8000-000000000001', '2027-03-05', p_slot, 10, '1 Main St', 'Fremont', 'CA',
    '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000,
    encode(sha256(p_id::text::bytea), 'hex'))
  returning id
$$;

select is(app.slot_capacity('10000000-0000-4000-8000-000000000001', '2027-03-05', '18:00'), 3,
  'capacity = chefs of the location working that ISO weekday');
select is(app.slot_capacity('10000000-0000-4000-8000-000000000001', '2027-03-05', '19:30'), 0,
  'a time that is not a configured slot has no capacity');

select lives_ok($$ select pg_temp.book('18:00', 'b0000000-0000-4000-8000-000000000001') $$, 'first booking fits');
select lives_ok($$ select pg_temp.book('18:00', 'b0000000-0000-4000-8000-000000000002') $$, 'second booking fits');
select lives_ok($$ select pg_temp.book('18:00', 'b0000000-0000-4000-8000-000000000003') $$, 'third booking fits');
select throws_like($$ select pg_temp.book('18:00') $$, 'SLOT_FULL%', 'a fourth booking is refused with SLOT_FULL');
select throws_ok(
  $$ insert into public.holds (location_id, event_date, slot_time, expires_at)
     values ('10000000-0000-4000-8000-000000000001', '2027-03-05', '18:00', now() + interval '15 minutes') $$,
  '23514', null, 'a hold on a full slot is refused (check_violation)');
select results_eq(
  $$ select capacity, reserved, available from public.slot_availability(
       '10000000-0000-4000-8000-000000000001', '2027-03-05', '2027-03-05') where slot_time = '18:00' $$,
  $$ values (3, 3, 0) $$, 'availability shows the slot full');

-- Cancelling frees a unit; re-confirming a cancelled booking is illegal.
update public.bookings set status = 'cancelled' where id = 'b0000000-0000-4000-8000-000000000003';
select is((select available from public.slot_availability('10000000-0000-4000-8000-000000000001',
  '2027-03-05', '2027-03-05') where slot_time = '18:00'), 1, 'a cancelled booking frees its unit');
select throws_ok(
  $$ update public.bookings set status = 'confirmed' where id = 'b0000000-0000-4000-8000-000000000003' $$,
  '23514', null, 'cancelled is final');
select throws_ok(
  $$ update public.bookings set status = 'completed' where id = 'b0000000-0000-4000-8000-000000000001' $$,
  '23514', null, 'pending_deposit cannot jump to completed');
select lives_ok(
  $$ update public.bookings set status = 'confirmed' where id = 'b0000000-0000-4000-8000-000000000001' $$,
  'pending_deposit → confirmed');

-- Moving a booking into a full slot is refused like a new one.
select lives_ok($$ select pg_temp.book('18:00') $$, 'the freed unit can be sold again');
select lives_ok($$ select pg_temp.book('12:00', 'b0000000-0000-4000-8000-000000000009') $$, 'a booking at noon');
select throws_like(
  $$ update public.bookings set slot_time = '18:00' where id = 'b0000000-0000-4000-8000-000000000009' $$,
  'SLOT_FULL%', 'rescheduling into a full slot is refused');

-- A chef is never in two places at once.
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001'
where id = 'b0000000-0000-4000-8000-000000000001';
select throws_ok(
  $$ update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001'
     where id = 'b0000000-0000-4000-8000-000000000002' $$,
  '23505', null, 'the same chef cannot take a second booking in the slot');
select throws_ok(
  $$ update public.bookings set chef_id = '30000000-0000-4000-8000-000000000005'
     where id = 'b0000000-0000-4000-8000-000000000002' $$,
  '23514', null, 'a chef of another location cannot be assigned');

-- Blackouts and approved time off lower capacity.
insert into public.blackout_dates (location_id, blackout_date)
values ('10000000-0000-4000-8000-000000000001', '2027-03-12');
select is(app.slot_capacity('10000000-0000-4000-8000-000000000001', '2027-03-12', '18:00'), 0,
  'a blackout date has no capacity');
insert into public.chef_time_off (chef_id, starts_on, ends_on, status)
values ('30000000-0000-4000-8000-000000000002', '2027-03-19', '2027-03-19', 'approved');
select is(app.slot_capacity('10000000-0000-4000-8000-000000000001', '2027-03-19', '18:00'), 2,
  'approved time off removes the chef from that date');

-- History is append-only, even for the owner.
select throws_ok($$ update public.booking_events set note = 'x' $$, '42501', null,
  'booking_events refuse UPDATE');
select throws_ok($$ delete from public.booking_events $$, '42501', null, 'booking_events refuse DELETE');
insert into public.audit_log (actor, action, entity) values ('system', 'test', 'bookings');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'audit_log refuses DELETE');
select is((select count(*)::int from public.booking_events
           where booking_id = 'b0000000-0000-4000-8000-000000000001'), 3,
  'created, status_changed and chef_assigned were recorded');

-- Value checks.
select throws_ok(
  $$ insert into public.payments (booking_id, kind, method, amount_cents)
     values ('b0000000-0000-4000-8000-000000000001', 'balance', 'cash', -5) $$,
  '23514', null, 'payments must be positive');

select * from finish();
rollback;
