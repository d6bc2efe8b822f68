-- Chef assignment, time off, working weekdays and calendar feeds (issue 10):
-- ranked suggestions with the SPEC weights, CHEF_UNAVAILABLE reasons,
-- absences refused when they would strand a booking, feed tokens.
-- Event dates are a few weeks after the database's current date (the
-- absence checks look from today on), computed once below.
begin;
select plan(56);

insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now()),
  ('20000000-0000-4000-8000-000000000003', 'authenticated', 'authenticated', 'sac.manager@myhibachi.example', now(), now());
insert into public.staff (user_id, email, full_name, role) values
  ('20000000-0000-4000-8000-000000000003', 'sac.manager@myhibachi.example', 'Sacramento Manager', 'manager');
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002');
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-000000000001', 'chefs@example.com', 'Chef Fan');

-- sat: a Saturday 5–6 weeks ahead (all four Fremont chefs work);
-- wed: the Wednesday before it (chef1 and chef4 work: capacity 2).
create temp table d as
select date_trunc('week', current_date + 35)::date + 5 as sat,
       date_trunc('week', current_date + 35)::date + 2 as wed;
grant select on d to anon, authenticated;

-- Seeded Fremont chefs: chef1 Kenji 4.90 {3..7}, chef2 Maria 4.80 {1,2,5,6,7},
-- chef3 Daniel 4.70 {4..7}, chef4 Aiko 4.85 {1,2,3,6,7}. Two more: one
-- inactive, one who works Mondays only.
update public.chefs set max_party_size = 8 where id = '30000000-0000-4000-8000-000000000003';
insert into public.chefs (id, location_id, display_name, home_zip, weekdays, active) values
  ('30000000-0000-4000-8000-000000000097', '10000000-0000-4000-8000-000000000001', 'Chef Gone', '94539', '{1,2,3,4,5,6,7}', false),
  ('30000000-0000-4000-8000-000000000098', '10000000-0000-4000-8000-000000000001', 'Chef Monday', '94539', '{1}', true);
insert into public.chef_time_off (chef_id, starts_on, ends_on, status)
select '30000000-0000-4000-8000-000000000004', sat, sat, 'approved' from d;
update public.customers set preferred_chef_id = '30000000-0000-4000-8000-000000000003'
where id = 'c0000000-0000-4000-8000-000000000001';

create function pg_temp.book(p_ref text, p_date date, p_slot text, p_location uuid default '10000000-0000-4000-8000-000000000001')
returns uuid language sql as $$
  insert into public.bookings (reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
    customer_id, quote, total_cents, deposit_cents, manage_token_hash)
  values (p_ref, p_location, p_date, p_slot, 10, '1 Main St', 'Fremont', 'CA', '94539',
    'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000,
    encode(sha256(convert_to('tok-' || p_ref, 'UTF8')), 'hex'))
  returning id
$$;
do $$
begin
  perform pg_temp.book('MH-CHF001', (select sat from d), '18:00');
  perform pg_temp.book('MH-CHF002', (select sat from d), '18:00');
  perform pg_temp.book('MH-CHF003', (select sat from d), '12:00');
  perform pg_temp.book('MH-CHF004', (select sat from d), '15:00');
  perform pg_temp.book('MH-CHFSA1', (select sat from d), '18:00', '10000000-0000-4000-8000-000000000002');
end
$$;
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000002' where reference = 'MH-CHF002';
update public.bookings set status = 'cancelled' where reference = 'MH-CHF004';

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'user' then 'aaaaaaaa-0000-4000-8000-000000000001'
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'chef4' then '20000000-0000-4000-8000-000000000014'
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
  v_detail text;
begin
  perform pg_temp.act_as(who);
  execute p_sql;
  perform set_config('role', 'none', true);
  return 'ok';
exception when others then
  get stacked diagnostics v_constraint = constraint_name, v_detail = pg_exception_detail;
  perform set_config('role', 'none', true);
  return sqlstate || ':' || coalesce(v_constraint, '')
    || case when v_constraint = 'chef_available' then ':' || v_detail else '' end;
end
$$;
create function pg_temp.value_as(who text, p_sql text) returns jsonb language plpgsql as $$
declare
  v jsonb;
begin
  perform pg_temp.act_as(who);
  execute 'select to_jsonb((' || p_sql || '))' into v;
  perform set_config('role', 'none', true);
  return v;
end
$$;
create function pg_temp.suggest(who text, p_ref text) returns jsonb language plpgsql as $$
begin
  return pg_temp.value_as(who, format(
    $q$select jsonb_agg(jsonb_build_array(name, score, available, unavailable_reason)) from app.chef_suggestions(%L,
       '{"30000000-0000-4000-8000-000000000001": 0, "30000000-0000-4000-8000-000000000002": 5, "30000000-0000-4000-8000-000000000003": 30}')$q$,
    p_ref));
end
$$;

-- Suggestions: who may ask.
select is(pg_temp.attempt('anon', $q$select * from app.chef_suggestions('MH-CHF001')$q$), '42501:',
  'anon: may not call app.chef_suggestions');
select is(pg_temp.attempt('user', $q$select * from app.chef_suggestions('MH-CHF001')$q$), '42501:staff_booking_scope',
  'authenticated non-staff: FORBIDDEN');
select is(pg_temp.attempt('chef', $q$select * from app.chef_suggestions('MH-CHF001')$q$), '42501:staff_booking_scope',
  'chef: FORBIDDEN');
select is(pg_temp.attempt('other_manager', $q$select * from app.chef_suggestions('MH-CHF001')$q$), '42501:staff_booking_scope',
  'manager of another location: FORBIDDEN');
select is(pg_temp.attempt('manager', $q$select * from app.chef_suggestions('MH-NOPE00')$q$), 'P0002:booking_exists',
  'unknown reference: BOOKING_NOT_FOUND');

-- Ranking (SPEC weights: distance 40, party 20, workload 15, rating 15, preference 10):
-- Kenji 0 mi, 10 ≤ 50 guests, no other event that week, 4.90, not preferred → 40 + 20 + 15 + 14.70 + 0;
-- Daniel 30 mi, max party 8 → 16, preferred → 20 + 16 + 15 + 14.10 + 10;
-- Maria busy (MH-CHF002 in the slot; one event that week → 13.50); Aiko off (approved time off,
-- no distance given → 0); Chef Gone inactive; Chef Monday does not work Saturdays.
select is(pg_temp.suggest('manager', 'MH-CHF001'),
  $j$[["Chef Kenji", 89.70, true, null], ["Chef Daniel", 75.10, true, null],
      ["Chef Maria", 84.57, false, "busy"], ["Chef Gone", 50.00, false, "inactive"],
      ["Chef Monday", 50.00, false, "not_working"], ["Chef Aiko", 49.55, false, "time_off"]]$j$::jsonb,
  'available chefs first, by score; unavailable ones say why');
select is(pg_temp.value_as('manager',
  $q$select breakdown from app.chef_suggestions('MH-CHF001', '{"30000000-0000-4000-8000-000000000003": 30}')
     where name = 'Chef Daniel'$q$),
  '{"distance": 20.00, "partyFit": 16.00, "workload": 15.00, "rating": 14.10, "preference": 10.00}'::jsonb,
  'the breakdown holds each weighted component');
select is(pg_temp.value_as('admin', $q$select count(*) from app.chef_suggestions('MH-CHFSA1')$q$),
  '2'::jsonb, 'admin: suggestions at any location list that location''s chefs');

-- Assignment refusals (CHEF_UNAVAILABLE with the reason as DETAIL).
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000002')$q$),
  '23514:chef_available:busy', 'a chef busy in the slot: CHEF_UNAVAILABLE busy');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000004')$q$),
  '23514:chef_available:time_off', 'a chef off that day: CHEF_UNAVAILABLE time_off');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000097')$q$),
  '23514:chef_available:inactive', 'an inactive chef: CHEF_UNAVAILABLE inactive');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000098')$q$),
  '23514:chef_available:not_working', 'a chef who does not work that weekday: CHEF_UNAVAILABLE not_working');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000005')$q$),
  '23514:chef_available:other_location', 'a chef of another location: CHEF_UNAVAILABLE other_location');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-0000000000ff')$q$),
  '23514:chef_available:unknown_chef', 'an unknown chef: CHEF_UNAVAILABLE unknown_chef');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF004', '30000000-0000-4000-8000-000000000001')$q$),
  '23514:bookings_status_transition', 'a cancelled booking gets no chef: INVALID_TRANSITION');
select is(pg_temp.attempt('chef', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000001')$q$),
  '42501:staff_booking_scope', 'chef: cannot assign');
select is(pg_temp.attempt('other_manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000001')$q$),
  '42501:staff_booking_scope', 'manager of another location: cannot assign');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000001', '2020-01-01T00:00:00Z')$q$),
  '55000:bookings_expected_updated_at', 'a stale expected updated_at: STALE_BOOKING');
select is((select chef_id from public.bookings where reference = 'MH-CHF001'), null, 'refusals assigned nobody');

-- Assign, history, audit, reassign, unassign.
select is(pg_temp.value_as('manager',
  $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000001',
       (select updated_at from public.bookings where reference = 'MH-CHF001')) ->> 'chef_id'$q$),
  '"30000000-0000-4000-8000-000000000001"'::jsonb, 'manager assigns an available chef');
select is(
  (select jsonb_build_object('actor', e.actor, 'actor_id', e.actor_id, 'before', e.before, 'after', e.after)
   from public.booking_events e join public.bookings b on b.id = e.booking_id
   where b.reference = 'MH-CHF001' and e.type = 'chef_assigned'),
  '{"actor": "staff", "actor_id": "20000000-0000-4000-8000-000000000002", "before": {"chef_id": null},
    "after": {"chef_id": "30000000-0000-4000-8000-000000000001"}}'::jsonb,
  'history: chef_assigned by the manager with before/after');
select is((select count(*)::int from public.audit_log where action = 'booking.chef_assigned'
  and details ->> 'reference' = 'MH-CHF001'), 1, 'audit row of the assignment');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF002', '30000000-0000-4000-8000-000000000001')$q$),
  '23514:chef_available:busy', 'the same chef for another booking of the slot: CHEF_UNAVAILABLE busy');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', '30000000-0000-4000-8000-000000000001')$q$),
  'ok', 're-assigning the same chef is a no-op');
select is((select count(*)::int from public.booking_events e join public.bookings b on b.id = e.booking_id
  where b.reference = 'MH-CHF001' and e.type = 'chef_assigned'), 1, 'the no-op wrote no event');
select is(pg_temp.attempt('manager', $q$select app.assign_chef('MH-CHF001', null)$q$), 'ok', 'unassign');
select is((select count(*)::int from public.booking_events e join public.bookings b on b.id = e.booking_id
  where b.reference = 'MH-CHF001' and e.type = 'chef_unassigned'), 1, 'history: chef_unassigned');

-- Bulk: best available chef for every unassigned booking of the day.
select is(pg_temp.value_as('manager',
  $q$select app.assign_best_chefs('10000000-0000-4000-8000-000000000001', (select sat from d),
       '{}'::jsonb)$q$),
  '[{"reference": "MH-CHF003", "chef_id": "30000000-0000-4000-8000-000000000003"},
    {"reference": "MH-CHF001", "chef_id": "30000000-0000-4000-8000-000000000003"}]'::jsonb,
  'bulk: each unassigned booking (slot order) gets its best available chef (the customer''s favourite here)');
select is(pg_temp.attempt('other_manager', $q$select app.assign_best_chefs('10000000-0000-4000-8000-000000000001', current_date)$q$),
  '42501:staff_booking_scope', 'bulk assignment: FORBIDDEN for a manager of another location');

-- Time off: requests and decisions.
select is(pg_temp.attempt('manager', $q$select app.request_time_off(current_date + 100, current_date + 101)$q$),
  '42501:staff_booking_scope', 'only chefs request time off');
select is(pg_temp.attempt('chef', $q$select app.request_time_off(current_date + 101, current_date + 100)$q$),
  '22023:chef_time_off_range', 'an inverted range is refused');
select is(pg_temp.attempt('chef', $q$select app.request_time_off((select sat from d) + 70, (select sat from d) + 71, 'wedding')$q$),
  'ok', 'a chef requests time off');
-- Request ids as the owner sees them (RLS hides them from other managers).
create temp table tor as select id, reason from public.chef_time_off where reason = 'wedding';
grant select on tor to authenticated;
select is(pg_temp.attempt('chef', $q$select app.decide_time_off((select id from tor where reason = 'wedding'), 'approved')$q$),
  '42501:staff_booking_scope', 'a chef cannot approve own time off');
select is(pg_temp.attempt('other_manager', $q$select app.decide_time_off((select id from tor where reason = 'wedding'), 'approved')$q$),
  '42501:staff_booking_scope', 'a manager of another location cannot decide');
select is(pg_temp.attempt('manager', $q$select app.decide_time_off((select id from tor where reason = 'wedding'), 'maybe')$q$),
  '22023:chef_time_off_decision', 'the decision is approved or rejected');
select is(pg_temp.attempt('manager', $q$select app.decide_time_off((select id from tor where reason = 'wedding'), 'approved')$q$),
  'ok', 'the manager approves');
select is((select decided_by::text from public.chef_time_off where reason = 'wedding'),
  '20000000-0000-4000-8000-000000000002', 'decided_by names the manager');
select is(pg_temp.attempt('manager', $q$select app.decide_time_off((select id from tor where reason = 'wedding'), 'rejected')$q$),
  '23514:chef_time_off_decided', 'a decided request cannot be decided again');

-- Approval refused when it would strand a booking.
do $$ begin perform pg_temp.act_as('chef'); perform app.request_time_off((select sat from d), (select sat from d), 'strand-assigned'); perform set_config('role', 'none', true); end $$;
update public.bookings set chef_id = null where reference = 'MH-CHF001';
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001' where reference = 'MH-CHF001';
select is(pg_temp.attempt('manager', $q$select app.decide_time_off((select id from public.chef_time_off where reason = 'strand-assigned'), 'approved')$q$),
  '23514:time_off_strands_bookings', 'time off on a day the chef is assigned: TIME_OFF_STRANDS_BOOKINGS');
do $$
begin
  perform pg_temp.book('MH-CHFW01', (select wed from d), '18:00');
  perform pg_temp.book('MH-CHFW02', (select wed from d), '18:00');
  perform pg_temp.act_as('chef4');
  perform app.request_time_off((select wed from d), (select wed from d), 'strand-capacity');
  perform set_config('role', 'none', true);
end
$$;
select is(pg_temp.attempt('manager', $q$select app.decide_time_off((select id from public.chef_time_off where reason = 'strand-capacity'), 'approved')$q$),
  '23514:time_off_strands_bookings', 'time off that leaves a full slot with fewer chefs than bookings: refused');
select is(pg_temp.attempt('manager', $q$update public.chef_time_off set status = 'approved' where reason = 'strand-capacity'$q$),
  '23514:time_off_strands_bookings', 'a direct table update is checked the same way');
select is(pg_temp.attempt('manager', $q$select app.decide_time_off((select id from public.chef_time_off where reason = 'strand-capacity'), 'rejected')$q$),
  'ok', 'rejecting is always possible');
select is(app.slot_capacity('10000000-0000-4000-8000-000000000001', (select sat from d) + 70, '18:00'), 3,
  'approved time off lowers capacity at once (four Saturday chefs, one off)');

-- Working weekdays.
select is(pg_temp.attempt('chef', $q$select app.set_chef_weekdays('30000000-0000-4000-8000-000000000001', '{3,4,5,7}')$q$),
  '23514:time_off_strands_bookings', 'dropping a weekday the chef is booked on: refused');
select is(pg_temp.attempt('chef', $q$update public.chefs set weekdays = '{3,4,5,7}' where id = '30000000-0000-4000-8000-000000000001'$q$),
  '23514:time_off_strands_bookings', 'the same through the table (RLS allows the chef) is refused too');
select is(pg_temp.attempt('chef', $q$select app.set_chef_weekdays('30000000-0000-4000-8000-000000000001', '{8}')$q$),
  '22023:chefs_weekdays', 'weekdays are 1..7');
select is(pg_temp.attempt('chef', $q$select app.set_chef_weekdays('30000000-0000-4000-8000-000000000002', '{1}')$q$),
  '42501:staff_booking_scope', 'a chef cannot edit another chef''s weekdays');
select is(pg_temp.attempt('other_manager', $q$select app.set_chef_weekdays('30000000-0000-4000-8000-000000000001', '{1}')$q$),
  '42501:staff_booking_scope', 'a manager of another location cannot edit them');
select is(pg_temp.value_as('chef', $q$select (app.set_chef_weekdays('30000000-0000-4000-8000-000000000001', '{7,1,3,4,5,6,1}')).weekdays$q$),
  '[1, 3, 4, 5, 6, 7]'::jsonb, 'a chef adds a weekday (sorted, without duplicates)');

-- Calendar feed tokens.
select is(pg_temp.attempt('chef', $q$select app.issue_calendar_feed('30000000-0000-4000-8000-000000000002')$q$),
  '42501:staff_booking_scope', 'a chef cannot issue another chef''s feed');
select is(pg_temp.attempt('other_manager', $q$select app.issue_calendar_feed('30000000-0000-4000-8000-000000000001')$q$),
  '42501:staff_booking_scope', 'a manager of another location cannot issue the feed');
select is(pg_temp.attempt('user', $q$select app.revoke_calendar_feed('30000000-0000-4000-8000-000000000001')$q$),
  '42501:staff_booking_scope', 'a non-staff user cannot revoke a feed');
create temp table feed (token text);
grant all on feed to authenticated, anon;
do $$ begin perform pg_temp.act_as('chef'); insert into feed select app.issue_calendar_feed('30000000-0000-4000-8000-000000000001'); perform set_config('role', 'none', true); end $$;
select is(pg_temp.value_as('anon', $q$select jsonb_agg(reference order by reference) from app.calendar_feed_events((select token from feed), (select sat from d))$q$),
  '["MH-CHF001"]'::jsonb, 'the feed lists the chef''s events to anyone holding the token');
select is(pg_temp.value_as('anon', $q$select count(*) from app.calendar_feed_events(repeat('0', 48))$q$),
  '0'::jsonb, 'a wrong token lists nothing');
select is(pg_temp.attempt('manager', $q$select app.revoke_calendar_feed('30000000-0000-4000-8000-000000000001')$q$),
  'ok', 'the chef''s manager revokes the feed');
select is(pg_temp.value_as('anon', $q$select count(*) from app.calendar_feed_events((select token from feed))$q$),
  '0'::jsonb, 'a revoked token lists nothing');

select * from finish();
rollback;
