-- Staff changes (migration 20261213100100): app.staff_reschedule_booking,
-- app.staff_edit_party, app.staff_resend_mail. Each role: anon, a non-staff
-- user, a chef, a manager of another location, the manager, an admin;
-- statuses that refuse; capacity; history and audit rows. 2027-05-01 is a
-- Saturday (every seeded Fremont chef works).
begin;
select plan(28);

insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now()),
  ('20000000-0000-4000-8000-000000000003', 'authenticated', 'authenticated', 'sac.manager@myhibachi.example', now(), now());
insert into public.staff (user_id, email, full_name, role) values
  ('20000000-0000-4000-8000-000000000003', 'sac.manager@myhibachi.example', 'Sacramento Manager', 'manager');
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002');
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-000000000002', 'changes@example.com', 'Change Customer');

create function pg_temp.book(p_ref text, p_slot text, p_status text default 'pending_deposit')
returns uuid language sql as $$
  insert into public.bookings (reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
    customer_id, quote, total_cents, deposit_cents, manage_token_hash, status, chef_id)
  values (p_ref, '10000000-0000-4000-8000-000000000001', '2027-05-01', p_slot, 10, '1 Main St', 'Fremont', 'CA', '94539',
    'c0000000-0000-4000-8000-000000000002', '{"totalCents": 60000}', 60000, 10000,
    encode(sha256(convert_to('tok-' || p_ref, 'UTF8')), 'hex'), p_status,
    case when p_ref = 'MH-CHG001' then '30000000-0000-4000-8000-000000000001'::uuid end)
  returning id
$$;
do $$
begin
  perform pg_temp.book('MH-CHG001', '12:00');
  perform pg_temp.book('MH-CHG002', '12:00');
  perform pg_temp.book('MH-CHG003', '15:00', 'cancelled');
  insert into public.notifications (kind, recipient, booking_id, payload)
  select 'booking_confirmed', 'old@example.com', id, '{"audience": "customer", "reference": "MH-CHG002"}'
  from public.bookings where reference = 'MH-CHG002';
end
$$;

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

-- Reschedule: who may.
select is(pg_temp.attempt('anon', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', 0)$q$),
  '42501:', 'anon: may not call app.staff_reschedule_booking');
select is(pg_temp.attempt('user', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', 0)$q$),
  '42501:staff_booking_scope', 'non-staff: FORBIDDEN');
select is(pg_temp.attempt('chef', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', 0)$q$),
  '42501:staff_booking_scope', 'chef: FORBIDDEN');
select is(pg_temp.attempt('other_manager', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', 0)$q$),
  '42501:staff_booking_scope', 'manager of another location: FORBIDDEN');
select is(pg_temp.attempt('manager', $q$select app.staff_reschedule_booking('MH-NOPE00', '2027-05-01', '18:00', 0)$q$),
  'P0002:booking_exists', 'unknown reference: NOT_FOUND');
select is(pg_temp.attempt('manager', $q$select app.staff_reschedule_booking('MH-CHG003', '2027-05-01', '18:00', 0)$q$),
  '23514:bookings_status_transition', 'a cancelled booking: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '12:00', 0)$q$),
  '22023:staff_change_invalid', 'the same slot: VALIDATION_FAILED');
select is(pg_temp.attempt('manager', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', -5)$q$),
  '22023:staff_change_invalid', 'a negative fee: VALIDATION_FAILED');
select is(pg_temp.attempt('manager', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', 0, null, false, '2020-01-01T00:00:00Z')$q$),
  '55000:bookings_expected_updated_at', 'a stale version: STALE_BOOKING');

-- The manager moves MH-CHG001 (Kenji stays: free at 18:00) with a fee.
select is(pg_temp.attempt('manager', $q$select app.staff_reschedule_booking('MH-CHG001', '2027-05-01', '18:00', 10000, 'asked by phone')$q$),
  'ok', 'manager: reschedules');
select results_eq($q$select slot_time, total_cents, reschedule_count, chef_id::text from public.bookings where reference = 'MH-CHG001'$q$,
  $q$values ('18:00', 70000, 1, '30000000-0000-4000-8000-000000000001')$q$,
  'moved, fee added, count up, the free chef kept');
select results_eq($q$select e.type, e.actor, e.note from public.booking_events e join public.bookings b on b.id = e.booking_id
                    where b.reference = 'MH-CHG001' and e.type not in ('created')$q$,
  $q$values ('rescheduled', 'staff', 'asked by phone')$q$, 'one history event, by staff, with the reason');
select is((select count(*)::int from public.audit_log where action = 'booking.rescheduled' and details ->> 'reference' = 'MH-CHG001'),
  1, 'one audit row');
select is((select count(*)::int from public.notifications n join public.bookings b on b.id = n.booking_id
           where b.reference = 'MH-CHG001' and n.kind = 'booking_rescheduled'), 1, 'the customer mail is queued');

-- A blackout day has no capacity.
insert into public.blackout_dates (location_id, blackout_date, reason)
values ('10000000-0000-4000-8000-000000000001', '2027-05-08', 'Closed');
select is(pg_temp.attempt('admin', $q$select app.staff_reschedule_booking('MH-CHG002', '2027-05-08', '12:00', 0)$q$),
  '23514:slot_capacity', 'a closed day: SLOT_FULL');

-- Party edit.
select is(pg_temp.attempt('chef', $q$select app.staff_edit_party('MH-CHG002', '{"adults": 12}', '{}', 1, 0)$q$),
  '42501:staff_booking_scope', 'chef: may not edit the party');
select is(pg_temp.attempt('other_manager', $q$select app.staff_edit_party('MH-CHG002', '{"adults": 12}', '{}', 1, 0)$q$),
  '42501:staff_booking_scope', 'manager of another location: FORBIDDEN');
select is(pg_temp.attempt('manager', $q$select app.staff_edit_party('MH-CHG002', '{"adults": 12}', '{}', 100, 200)$q$),
  '22023:staff_change_invalid', 'deposit above total: VALIDATION_FAILED');
select is(pg_temp.attempt('manager', $q$select app.staff_edit_party('MH-CHG002', '{"adults": 60}', '{}', 100, 0)$q$),
  '23514:bookings_party_size', 'a party above 50: refused by the table');
select is(pg_temp.attempt('manager', $q$select app.staff_edit_party('MH-CHG003', '{"adults": 12}', '{}', 100, 0)$q$),
  '23514:bookings_status_transition', 'a cancelled booking: INVALID_TRANSITION');
select is(pg_temp.attempt('manager',
  $q$select app.staff_edit_party('MH-CHG002', '{"adults": 12, "children": 1, "proteins": {"chicken": 26}}',
       '{"totalCents": 71000}', 71000, 10000, '{guest_count}', 'two more')$q$),
  'ok', 'manager: edits the party');
select results_eq($q$select adults, children, proteins, total_cents, quote from public.bookings where reference = 'MH-CHG002'$q$,
  $q$values (12, 1, '{"chicken": 26}'::jsonb, 71000, '{"totalCents": 71000}'::jsonb)$q$, 'party, quote and total stored');
select results_eq($q$select e.type, e.actor from public.booking_events e join public.bookings b on b.id = e.booking_id
                    where b.reference = 'MH-CHG002' and e.type not in ('created')$q$,
  $q$values ('party_changed', 'staff')$q$, 'history: party_changed by staff');
select is((select details -> 'overrides' from public.audit_log where action = 'booking.party_changed'
           and details ->> 'reference' = 'MH-CHG002'), '["guest_count"]'::jsonb, 'the override is audited');

-- Resend.
select is(pg_temp.attempt('chef', $q$select app.staff_resend_mail('MH-CHG002', 'booking_confirmed')$q$),
  '42501:staff_booking_scope', 'chef: may not resend mail');
select is(pg_temp.attempt('manager', $q$select app.staff_resend_mail('MH-CHG002', 'booking_cancelled')$q$),
  'P0002:notification_exists', 'no such mail: NOT_FOUND');
select is(pg_temp.attempt('manager', $q$select app.staff_resend_mail('MH-CHG002', 'booking_confirmed')$q$),
  'ok', 'manager: resends');
select results_eq($q$select n.recipient, (n.payload ->> 'resent')::boolean from public.notifications n join public.bookings b on b.id = n.booking_id
                    where b.reference = 'MH-CHG002' and n.kind = 'booking_confirmed' order by n.created_at desc, (n.payload ? 'resent') desc limit 1$q$,
  $q$values ('changes@example.com', true)$q$, 'queued again to the current address');

select * from finish();
rollback;
