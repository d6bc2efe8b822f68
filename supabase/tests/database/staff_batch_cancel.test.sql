-- app.staff_cancel_batch (issue 9, ADR 0015): who may cancel spam in one
-- action, which bookings qualify, and what is recorded.
begin;
select plan(9);

insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now());
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-000000000001', 'spam@example.com', 'Spam');
-- Fremont: two unpaid pending, one confirmed; Sacramento: one pending.
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash) values
  ('b0000000-0000-4000-8000-000000000001', 'MH-SPAM21', '10000000-0000-4000-8000-000000000001', '2027-05-01', '12:00', 10,
   '1 Main St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('1', 64)),
  ('b0000000-0000-4000-8000-000000000002', 'MH-SPAM22', '10000000-0000-4000-8000-000000000001', '2027-05-01', '15:00', 10,
   '1 Main St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('2', 64)),
  ('b0000000-0000-4000-8000-000000000003', 'MH-SPAM23', '10000000-0000-4000-8000-000000000001', '2027-05-01', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('3', 64)),
  ('b0000000-0000-4000-8000-000000000004', 'MH-SPAM24', '10000000-0000-4000-8000-000000000002', '2027-05-01', '18:00', 10,
   '2 K St', 'Sacramento', 'CA', '95814', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000, repeat('4', 64));
update public.bookings set status = 'confirmed' where id = 'b0000000-0000-4000-8000-000000000003';

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

-- Run the batch as `who`: its JSON answer, or '<SQLSTATE>:<constraint>'.
create function pg_temp.batch(who text, p_refs text[], p_reason text) returns text language plpgsql as $$
declare
  v jsonb;
  v_constraint text;
begin
  perform pg_temp.act_as(who);
  v := app.staff_cancel_batch(p_refs, p_reason);
  perform set_config('role', 'none', true);
  return v::text;
exception when others then
  get stacked diagnostics v_constraint = constraint_name;
  perform set_config('role', 'none', true);
  return sqlstate || ':' || coalesce(v_constraint, '');
end
$$;

select is(pg_temp.batch('anon', '{MH-SPAM21}', 'spam'), '42501:', 'anon: may not call it');
select is(pg_temp.batch('user', '{MH-SPAM21}', 'spam'), '42501:staff_booking_scope', 'non-staff: FORBIDDEN');
select is(pg_temp.batch('chef', '{MH-SPAM21}', 'spam'), '42501:staff_booking_scope', 'chef: FORBIDDEN');
select is(pg_temp.batch('manager', '{MH-SPAM21}', ' '), '22023:staff_action_reason', 'a reason is required');
select is(pg_temp.batch('manager', '{}', 'spam'), '22023:staff_batch_size', 'at least one reference');
select is(
  pg_temp.batch('manager', '{mh-spam21, MH-SPAM22, MH-SPAM23, MH-SPAM24, MH-NONE22}', 'spam wave')::jsonb,
  '{"cancelled": [{"status": "cancelled", "reference": "MH-SPAM21"}, {"status": "cancelled", "reference": "MH-SPAM22"}],
    "skipped": [{"reason": "not_found", "reference": "MH-NONE22"},
                {"reason": "not_pending", "status": "confirmed", "reference": "MH-SPAM23"},
                {"reason": "not_found", "reference": "MH-SPAM24"}]}'::jsonb,
  'manager of Fremont: the unpaid pending Fremont bookings are cancelled, the rest skipped (references sorted)');
select results_eq(
  $q$select reference, status from public.bookings where reference like 'MH-SPAM2%' order by reference$q$,
  $q$values ('MH-SPAM21', 'cancelled'), ('MH-SPAM22', 'cancelled'), ('MH-SPAM23', 'confirmed'), ('MH-SPAM24', 'pending_deposit')$q$,
  'only the qualifying bookings changed');
select is(
  (select count(*)::int from public.audit_log
   where actor_id = '20000000-0000-4000-8000-000000000002'
     and (action = 'booking.batch_cancelled' or (action = 'booking.cancel' and details ->> 'reason' = 'spam wave'))),
  3, 'one audit row per cancelled booking and one for the batch');
select is(
  (select count(*)::int from public.notifications n where n.booking_id in
     ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')
     and n.kind = 'booking_cancelled'),
  0, 'no cancellation mail for spam');

select * from finish();
rollback;
