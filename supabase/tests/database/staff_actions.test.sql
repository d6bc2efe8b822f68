-- Staff lifecycle actions (issue 10; SPEC §5 POST …/actions) and internal
-- notes: allowed and refused transitions, the 96-hour refund rule, history
-- and audit rows, roles, stale writes. Times are injected (p_now, and
-- app.event_at for when a customer asked), never read from the clock.
begin;
select plan(52);

insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now()),
  ('20000000-0000-4000-8000-000000000003', 'authenticated', 'authenticated', 'sac.manager@myhibachi.example', now(), now());
insert into public.staff (user_id, email, full_name, role) values
  ('20000000-0000-4000-8000-000000000003', 'sac.manager@myhibachi.example', 'Sacramento Manager', 'manager');
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002');
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-000000000001', 'actions@example.com', 'Action Customer');

-- 2027-05-01 is a Saturday (every chef works). 12:00 PDT = 19:00Z, 15:00 PDT = 22:00Z.
create function pg_temp.book(p_ref text, p_location uuid, p_slot text) returns uuid language sql as $$
  insert into public.bookings (reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
    customer_id, quote, total_cents, deposit_cents, manage_token_hash)
  values (p_ref, p_location, '2027-05-01', p_slot, 10, '1 Main St', 'Fremont', 'CA', '94539',
    'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000,
    encode(sha256(convert_to('tok-' || p_ref, 'UTF8')), 'hex'))
  returning id
$$;
create function pg_temp.pay(p_ref text, p_kind text, p_cents integer) returns void language sql as $$
  insert into public.payments (booking_id, kind, method, amount_cents)
  select id, p_kind, 'zelle', p_cents from public.bookings where reference = p_ref
$$;
create function pg_temp.status(p_ref text) returns text language sql as $$
  select status from public.bookings where reference = p_ref
$$;

do $$
begin
  perform pg_temp.book('MH-ACT001', '10000000-0000-4000-8000-000000000001', '12:00');
  perform pg_temp.book('MH-ACT002', '10000000-0000-4000-8000-000000000001', '12:00');
  perform pg_temp.book('MH-ACT003', '10000000-0000-4000-8000-000000000001', '12:00');
  perform pg_temp.book('MH-ACT004', '10000000-0000-4000-8000-000000000001', '12:00');
  perform pg_temp.book('MH-ACT005', '10000000-0000-4000-8000-000000000001', '15:00');
  perform pg_temp.book('MH-ACT006', '10000000-0000-4000-8000-000000000001', '15:00');
  perform pg_temp.book('MH-ACT007', '10000000-0000-4000-8000-000000000001', '15:00');
  perform pg_temp.book('MH-ACTSA1', '10000000-0000-4000-8000-000000000002', '15:00');
  perform pg_temp.pay('MH-ACT001', 'deposit', 10000);
  perform pg_temp.pay('MH-ACT002', 'deposit', 10000);
  perform pg_temp.pay('MH-ACT003', 'deposit', 10000);
  perform pg_temp.pay('MH-ACT003', 'balance', 5000);
  perform pg_temp.pay('MH-ACT005', 'deposit', 10000);
  perform pg_temp.pay('MH-ACT006', 'deposit', 10000);
  perform pg_temp.pay('MH-ACTSA1', 'deposit', 10000);
  -- Customers ask to cancel (history times replayed, so the clock never
  -- matters): ACT001 four months before the event, ACT002 48 h before it,
  -- ACT004 while still unpaid.
  perform set_config('app.event_at', '2027-01-01T00:00:00Z', true);
  perform app.request_cancellation('MH-ACT001', 'tok-MH-ACT001', 'plans changed');
  perform set_config('app.event_at', '2027-04-29T19:00:00Z', true);
  perform app.request_cancellation('MH-ACT002', 'tok-MH-ACT002', 'sick');
  perform app.request_cancellation('MH-ACT004', 'tok-MH-ACT004', 'too expensive');
  perform set_config('app.event_at', '', true);
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

-- Roles.
select is(pg_temp.attempt('anon', $q$select app.staff_booking_action('MH-ACT001', 'approve_cancellation')$q$),
  '42501:', 'anon: may not call app.staff_booking_action');
select is(pg_temp.attempt('user', $q$select app.staff_booking_action('MH-ACT001', 'approve_cancellation')$q$),
  '42501:staff_booking_scope', 'authenticated non-staff: FORBIDDEN');
select is(pg_temp.attempt('chef', $q$select app.staff_booking_action('MH-ACT001', 'approve_cancellation')$q$),
  '42501:staff_booking_scope', 'chef: FORBIDDEN');
select is(pg_temp.attempt('other_manager', $q$select app.staff_booking_action('MH-ACT001', 'approve_cancellation')$q$),
  '42501:staff_booking_scope', 'manager of Sacramento: FORBIDDEN on a Fremont booking');
select is(pg_temp.status('MH-ACT001'), 'cancellation_requested', 'refused callers changed nothing');

-- Input.
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT001', 'delete')$q$),
  '22023:staff_action_unknown', 'an unknown action is refused');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT005', 'cancel', '  ')$q$),
  '22023:staff_action_reason', 'cancel needs a reason');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-NOPE00', 'complete')$q$),
  'P0002:booking_exists', 'unknown reference: BOOKING_NOT_FOUND');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT001', 'approve_cancellation', null, '2020-01-01T00:00:00Z')$q$),
  '55000:bookings_expected_updated_at', 'a stale expected updated_at: STALE_BOOKING');

-- Approve in time: cancelled, the deposit is due back.
select is(pg_temp.value_as('manager',
  $q$app.staff_booking_action('MH-ACT001', 'approve_cancellation', 'ok by phone',
       (select updated_at from public.bookings where reference = 'MH-ACT001'), '2027-04-01T00:00:00Z')
     #> '{refund_due,amount_cents}'$q$),
  '10000'::jsonb, 'approving a request made ≥ 96 h before the event leaves the deposit due');
select is(pg_temp.status('MH-ACT001'), 'cancelled', 'approved → cancelled');
select is(
  (select jsonb_build_object('actor', actor, 'actor_id', actor_id, 'note', note, 'before', before -> 'status', 'after', after -> 'status')
   from public.booking_events e join public.bookings b on b.id = e.booking_id
   where b.reference = 'MH-ACT001' and e.type = 'cancellation_approved'),
  '{"actor": "staff", "actor_id": "20000000-0000-4000-8000-000000000002", "note": "ok by phone",
    "before": "cancellation_requested", "after": "cancelled"}'::jsonb,
  'history: cancellation_approved by the manager, with the reason and before/after');
select is(
  (select details from public.audit_log where action = 'booking.approve_cancellation'
     and entity_id = (select id::text from public.bookings where reference = 'MH-ACT001')),
  '{"reference": "MH-ACT001", "from": "cancellation_requested", "to": "cancelled", "reason": "ok by phone", "refund_due_cents": 10000}'::jsonb,
  'audit row of the approval');
select is((select count(*)::int from public.notifications n join public.bookings b on b.id = n.booking_id
  where b.reference = 'MH-ACT001' and n.kind = 'booking_cancelled'), 1, 'the customer''s cancellation mail is queued');
select is(pg_temp.value_as('manager', $q$app.staff_booking_json((select id from public.bookings where reference = 'MH-ACT001')) -> 'refund_due_cents'$q$),
  '10000'::jsonb, 'the booking shows the refund due');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT001', 'approve_cancellation')$q$),
  '23514:bookings_status_transition', 'approving twice: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT001', 'cancel', 'again')$q$),
  '23514:bookings_status_transition', 'cancelling a cancelled booking: INVALID_TRANSITION');
-- Recording the refund settles it.
select is(pg_temp.value_as('manager', $q$app.record_refund('MH-ACT001', 'zelle', 10000) #> '{booking,refund_due_cents}'$q$),
  '0'::jsonb, 'recording the refund settles the refund due');
select is((select r.status from public.refunds_due r join public.bookings b on b.id = r.booking_id where b.reference = 'MH-ACT001'),
  'settled', 'the refunds_due row is settled');

-- Approve late (request 48 h before): the deposit is kept.
select is(pg_temp.value_as('manager', $q$app.staff_booking_action('MH-ACT002', 'approve_cancellation') -> 'refund_due'$q$),
  'null'::jsonb, 'a request made < 96 h before the event: no refund due');
select is(pg_temp.status('MH-ACT002'), 'cancelled', 'late request approved → cancelled');

-- Staff cancel on the customer's behalf, late: money beyond the deposit is due back.
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT003', 'approve_cancellation')$q$),
  '23514:bookings_status_transition', 'approving without a request: INVALID_TRANSITION');
select is(pg_temp.value_as('manager',
  $q$app.staff_booking_action('MH-ACT003', 'cancel', 'customer called', null, '2027-04-30T19:00:00Z') #> '{refund_due,amount_cents}'$q$),
  '5000'::jsonb, 'a late cancel keeps the deposit and owes back the 5000 balance paid');
select is((select note from public.booking_events e join public.bookings b on b.id = e.booking_id
  where b.reference = 'MH-ACT003' and e.type = 'cancelled'), 'customer called', 'the reason is the history note');

-- Reject: back to where the booking was before the request.
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT004', 'reject_cancellation', 'inside the cutoff')$q$),
  'ok', 'reject a pending booking''s request');
select is(pg_temp.status('MH-ACT004'), 'pending_deposit', 'rejected → back to pending_deposit');
select is((select count(*)::int from public.booking_events e join public.bookings b on b.id = e.booking_id
  where b.reference = 'MH-ACT004' and e.type = 'cancellation_rejected'), 1, 'history: cancellation_rejected');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT004', 'reject_cancellation')$q$),
  '23514:bookings_status_transition', 'rejecting without a request: INVALID_TRANSITION');

-- Complete and no-show only after the start (15:00 PDT = 22:00Z).
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT005', 'complete', null, null, '2027-05-01T21:59:00Z')$q$),
  '23514:bookings_status_transition', 'complete before the event starts: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT005', 'complete', null, null, '2027-05-01T23:00:00Z')$q$),
  'ok', 'complete after the start');
select is(pg_temp.status('MH-ACT005'), 'completed', 'confirmed → completed');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT005', 'no_show', null, null, '2027-05-02T00:00:00Z')$q$),
  '23514:bookings_status_transition', 'completed → no_show: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT005', 'cancel', 'late', null, '2027-05-02T00:00:00Z')$q$),
  '23514:bookings_status_transition', 'completed → cancelled: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT006', 'no_show', null, null, '2027-05-01T21:00:00Z')$q$),
  '23514:bookings_status_transition', 'no-show before the event starts: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT006', 'no_show', 'nobody home', null, '2027-05-01T22:30:00Z')$q$),
  'ok', 'no-show after the start');
select is(pg_temp.status('MH-ACT006'), 'no_show', 'confirmed → no_show');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT006', 'complete', null, null, '2027-05-02T00:00:00Z')$q$),
  '23514:bookings_status_transition', 'no_show → completed: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT007', 'complete', null, null, '2027-05-02T00:00:00Z')$q$),
  '23514:bookings_status_transition', 'pending_deposit → completed: INVALID_TRANSITION');
select is(pg_temp.attempt('manager', $q$select app.staff_booking_action('MH-ACT007', 'no_show', null, null, '2027-05-02T00:00:00Z')$q$),
  '23514:bookings_status_transition', 'pending_deposit → no_show: INVALID_TRANSITION');
select is(pg_temp.value_as('manager', $q$app.staff_booking_action('MH-ACT007', 'cancel', 'never paid') #> '{booking,status}'$q$),
  '"cancelled"'::jsonb, 'pending_deposit → cancelled by staff (nothing paid, nothing due)');
select is((select count(*)::int from public.refunds_due r join public.bookings b on b.id = r.booking_id where b.reference = 'MH-ACT007'),
  0, 'no refund due when nothing was paid');

-- Admins act everywhere.
select is(pg_temp.attempt('admin', $q$select app.staff_booking_action('MH-ACTSA1', 'complete', null, null, '2027-05-02T00:00:00Z')$q$),
  'ok', 'admin: completes a Sacramento booking');
select is(pg_temp.attempt('other_manager', $q$select app.staff_booking_action('MH-ACT007', 'complete')$q$),
  '42501:staff_booking_scope', 'manager of Sacramento cannot act on Fremont');

-- Internal notes.
select is(pg_temp.attempt('manager', $q$select app.add_booking_note('MH-ACT005', 'gate code 4411', true)$q$),
  'ok', 'manager adds a chef-visible note');
select is(pg_temp.attempt('manager', $q$select app.add_booking_note('MH-ACT005', 'paid late twice')$q$),
  'ok', 'manager adds an internal note');
select is(pg_temp.attempt('manager', $q$select app.add_booking_note('MH-ACT005', '   ')$q$),
  '22023:booking_notes_body', 'an empty note is refused');
select is(pg_temp.attempt('chef', $q$select app.add_booking_note('MH-ACT005', 'hi')$q$),
  '42501:staff_booking_scope', 'chef: cannot add notes');
select is(pg_temp.attempt('other_manager', $q$select app.add_booking_note('MH-ACT005', 'hi')$q$),
  '42501:staff_booking_scope', 'manager of another location: cannot add notes');
select is((select count(*)::int from public.booking_events e join public.bookings b on b.id = e.booking_id
  where b.reference = 'MH-ACT005' and e.type = 'note' and e.actor = 'staff'), 2, 'each note is a history event');
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001' where reference = 'MH-ACT005';
select is(pg_temp.value_as('chef', $q$(select jsonb_agg(body) from public.booking_notes n join public.bookings b on b.id = n.booking_id where b.reference = 'MH-ACT005')$q$),
  '["gate code 4411"]'::jsonb, 'the assigned chef reads only the chef-visible note');
select is(pg_temp.value_as('manager', $q$to_jsonb((select count(*) from public.booking_notes n join public.bookings b on b.id = n.booking_id where b.reference = 'MH-ACT005'))$q$),
  '2'::jsonb, 'the manager reads both notes');
select is(pg_temp.value_as('other_manager', $q$to_jsonb((select count(*) from public.booking_notes n join public.bookings b on b.id = n.booking_id where b.reference = 'MH-ACT005'))$q$),
  '0'::jsonb, 'a manager of another location reads none');

select * from finish();
rollback;
