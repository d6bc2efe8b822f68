-- SMS delivery status from Twilio's status callbacks (migration
-- 20261224500000, ADR 0060): who may record it, the furthest status wins
-- whatever order callbacks arrive in, and an SMS that was not delivered
-- enters the booking's history once.
begin;
select plan(21);

insert into public.customers (id, email, name, phone) values
  ('c0000000-0000-4000-8000-0000000000b1', 'texter2@example.com', 'Sam Texter', '510 555 0111');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash) values
  ('b0000000-0000-4000-8000-0000000000b1', 'MH-SMS101', '10000000-0000-4000-8000-000000000001', '2031-05-11', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000b1', '{}', 60000, 10000,
   encode(sha256('sms-token-2'::bytea), 'hex'));
insert into public.notifications (id, kind, recipient, booking_id, channel, status, sent_at,
  provider_sid, delivery_status) values
  ('a0000000-0000-4000-8000-0000000000b1', 'booking_confirmed', '+15105550111',
   'b0000000-0000-4000-8000-0000000000b1', 'sms', 'sent', now(),
   'SM' || repeat('a', 32), 'queued'),
  ('a0000000-0000-4000-8000-0000000000b2', 'event_reminder_48h', '+15105550111',
   'b0000000-0000-4000-8000-0000000000b1', 'sms', 'sent', now(),
   'SM' || repeat('b', 32), 'queued');

-- Privileges: only the verified webhook (service_role) records a status.
select ok(not has_function_privilege('anon', 'app.record_sms_delivery(text,text,integer,timestamptz)', 'execute'),
  'anon cannot record a delivery status');
select ok(not has_function_privilege('authenticated', 'app.record_sms_delivery(text,text,integer,timestamptz)', 'execute'),
  'staff cannot record a delivery status');
select ok(has_function_privilege('service_role', 'app.record_sms_delivery(text,text,integer,timestamptz)', 'execute'),
  'the webhook (service_role) records delivery statuses');
-- A manager of Fremont, as the API would set them up.
select set_config('request.jwt.claims',
  json_build_object('sub', '20000000-0000-4000-8000-000000000002', 'role', 'authenticated')::text, true);
select set_config('request.jwt.claim.sub', '20000000-0000-4000-8000-000000000002', true);
set local role authenticated;
select is((select app.staff_role()), 'manager', 'acting as a manager');
select is((select count(*)::int from public.notifications), 0,
  'a manager does not read the outbox, SIDs included');
reset role;

-- The furthest status wins.
set local role service_role;
select is(app.record_sms_delivery('SM' || repeat('a', 32), 'sent', null, '2031-05-09 10:00Z'), 'sent',
  'sent after queued moves on');
select is(app.record_sms_delivery('SM' || repeat('a', 32), 'delivered', null, '2031-05-09 10:01Z'), 'delivered',
  'delivered after sent moves on');
select is(app.record_sms_delivery('SM' || repeat('a', 32), 'sent', null, '2031-05-09 10:02Z'), 'delivered',
  'a late sent does not undo delivered');
select is(app.record_sms_delivery('SM' || repeat('c', 32), 'delivered', null, '2031-05-09 10:03Z'), null,
  'a SID that is not ours records nothing');
select is(app.record_sms_delivery('SM' || repeat('a', 32), 'teleported', null, '2031-05-09 10:04Z'), 'delivered',
  'a status without a rank (one Twilio adds later) changes nothing');
reset role;
select is((select delivery_updated_at from public.notifications where id = 'a0000000-0000-4000-8000-0000000000b1'),
  '2031-05-09 10:01Z'::timestamptz, 'the time is that of the status kept');
select is((select count(*)::int from public.booking_events
           where booking_id = 'b0000000-0000-4000-8000-0000000000b1' and type = 'sms_undelivered'), 0,
  'a delivered SMS adds nothing to the history');

-- Not delivered: recorded with Twilio's code, in the history once.
set local role service_role;
select is(app.record_sms_delivery('SM' || repeat('b', 32), 'undelivered', 30003, '2031-05-09 11:00Z'), 'undelivered',
  'undelivered is recorded');
select is(app.record_sms_delivery('SM' || repeat('b', 32), 'failed', 30005, '2031-05-09 11:01Z'), 'undelivered',
  'the first end state stands');
reset role;
select is((select delivery_error_code from public.notifications where id = 'a0000000-0000-4000-8000-0000000000b2'),
  30003, 'with Twilio''s error code');
select is((select array_agg(actor || ':' || (after ->> 'kind') || ':' || (after ->> 'errorCode'))
           from public.booking_events
           where booking_id = 'b0000000-0000-4000-8000-0000000000b1' and type = 'sms_undelivered'),
  array['system:event_reminder_48h:30003'], 'one history line names the message and the code');

-- A Messaging Service's message: accepted, then queued.
insert into public.notifications (id, kind, recipient, booking_id, channel, status, sent_at,
  provider_sid, delivery_status) values
  ('a0000000-0000-4000-8000-0000000000b3', 'booking_cancelled', '+15105550111',
   'b0000000-0000-4000-8000-0000000000b1', 'sms', 'sent', now(), 'SM' || repeat('e', 32), 'accepted');
set local role service_role;
select is(app.record_sms_delivery('SM' || repeat('e', 32), 'queued', null, '2031-05-09 12:00Z'), 'queued',
  'queued after accepted moves on');
select is(app.record_sms_delivery('SM' || repeat('e', 32), 'partially_delivered', null, '2031-05-09 12:01Z'),
  'partially_delivered', 'partially delivered is an end state');
select is(app.record_sms_delivery('SM' || repeat('e', 32), 'undelivered', 30008, '2031-05-09 12:02Z'),
  'partially_delivered', 'and stands like the others');
reset role;

-- What the columns accept.
select throws_ok($q$update public.notifications set provider_sid = 'not-a-sid'
                   where id = 'a0000000-0000-4000-8000-0000000000b1'$q$,
  '23514', null, 'a SID is SM or MM and 32 hex digits');
select throws_ok($q$insert into public.notifications (kind, recipient, provider_sid)
                   values ('booking_confirmed', 'x@example.com', 'SM' || repeat('d', 32))$q$,
  '23514', null, 'only an SMS has a provider SID');

select * from finish();
rollback;
