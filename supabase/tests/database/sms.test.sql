-- SMS opt-in, opt-out and the SMS twins of customer mail (migration
-- 20261221300200, ADR 0036), and who may queue the chef's day-before mail
-- (20261221300100), and what counts as a change of it (20261224100000).
begin;
select plan(18);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
  end;
begin
  if who = 'anon' then
    perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
    perform set_config('role', 'anon', true);
    return;
  end if;
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', 'authenticated', true);
end
$$;
grant execute on function pg_temp.act_as(text) to anon, authenticated;

insert into public.customers (id, email, name, phone) values
  ('c0000000-0000-4000-8000-0000000000a1', 'texter@example.com', 'Sam Texter', '510 555 0101');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash) values
  ('b0000000-0000-4000-8000-0000000000a1', 'MH-SMS001', '10000000-0000-4000-8000-000000000001', '2031-05-10', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000a1', '{}', 60000, 10000,
   encode(sha256('sms-token'::bytea), 'hex'));

-- Privileges.
select ok(not has_function_privilege('anon', 'app.record_sms_keyword(text,boolean,text)', 'execute'),
  'anon cannot record STOP (only the verified webhook, as service_role)');
select ok(not has_function_privilege('authenticated', 'app.record_sms_keyword(text,boolean,text)', 'execute'),
  'staff cannot record STOP for a customer');
select ok(not has_function_privilege('authenticated', 'app.enqueue_chef_day_before(timestamptz)', 'execute'),
  'staff cannot queue chef mail');
select ok(has_function_privilege('service_role', 'app.enqueue_chef_day_before(timestamptz)', 'execute'),
  'the jobs (service_role) queue chef mail');
select ok(not has_function_privilege('authenticated', 'app.chef_day_before_revision(jsonb)', 'execute'),
  'staff cannot call the day-before revision helper');
select is(app.chef_day_before_revision('{"address":"1 Main St","adults":10,"paid_cents":0}'),
          app.chef_day_before_revision('{"adults":10,"address":"1 Main St","paid_cents":5000}'),
  'a payment does not change what the chef reads');

-- Consent needs the booking's token.
select pg_temp.act_as('anon');
select is(app.record_sms_opt_in('MH-SMS001', 'wrong', '+15105550101'), false, 'a wrong token records nothing');
select is(app.record_sms_opt_in('MH-SMS001', 'sms-token', '+15105550101'), true, 'the creating request records consent');
reset role;
select ok((select sms_opt_in_at is not null and sms_phone = '+15105550101' from public.bookings
           where id = 'b0000000-0000-4000-8000-0000000000a1'), 'consent is stored with its time and number');

-- Key events get an SMS twin; others do not.
update public.bookings set status = 'confirmed' where id = 'b0000000-0000-4000-8000-0000000000a1';
select is((select array_agg(kind order by seq) from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000a1' and channel = 'sms'),
  array['booking_confirmed'], 'confirmed: one SMS to the phone');
select is((select recipient from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000a1' and channel = 'sms'),
  '+15105550101', 'addressed to the E.164 number');

-- STOP: pending SMS given up, nothing more queued.
set local role service_role;
select lives_ok($q$select app.record_sms_keyword('+15105550101', true, 'SM1')$q$, 'the webhook records STOP');
reset role;
select is((select status from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000a1' and channel = 'sms'),
  'failed', 'the SMS still waiting is given up');
update public.bookings set status = 'cancelled' where id = 'b0000000-0000-4000-8000-0000000000a1';
select is((select count(*)::int from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000a1' and channel = 'sms'),
  1, 'no SMS after STOP');

-- Who reads opt-outs.
select pg_temp.act_as('chef');
select is((select count(*)::int from public.sms_opt_outs), 0, 'a chef reads no opt-outs');
select pg_temp.act_as('manager');
select is((select count(*)::int from public.sms_opt_outs), 1, 'a manager reads opt-outs');

-- START opts back in (the opt-out is removed).
reset role;
set local role service_role;
select lives_ok($q$select app.record_sms_keyword('+15105550101', false, 'SM2')$q$, 'the webhook records START');
reset role;
select is((select count(*)::int from public.sms_opt_outs where phone = '+15105550101'), 0,
  'START removes the opt-out');

select * from finish();
rollback;
