-- Customer notifications (issue 12, migration 20261214100100, ADR 0020):
-- money mail from the ledger, the rejected cancellation, reminders once per
-- booking whoever runs them, and who may run what. The customer's mail only:
-- managers' alerts are in cancellation_manager_alert.test.sql.
begin;
select plan(15);

insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-0000000000e1', 'notice@example.com', 'Notice Payer');
-- 2027-05-01 18:00 in Los Angeles = 2027-05-02 01:00 UTC.
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, deposit_due_at) values
  ('b0000000-0000-4000-8000-0000000000e1', 'MH-NOTE01', '10000000-0000-4000-8000-000000000001', '2027-05-01', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000e1', '{}', 60000, 10000,
   encode(sha256('notice-token'::bytea), 'hex'), '2027-04-01 12:00:00+00');

create function pg_temp.kinds() returns text[] language sql as $$
  select coalesce(array_agg(kind order by seq), '{}') from public.notifications
  where booking_id = 'b0000000-0000-4000-8000-0000000000e1'
    and recipient = 'notice@example.com'
$$;

select ok(not has_function_privilege('anon', 'app.enqueue_due_reminders(timestamptz)', 'execute'),
  'anon cannot queue reminders');
select ok(not has_function_privilege('authenticated', 'app.enqueue_due_reminders(timestamptz)', 'execute'),
  'authenticated cannot queue reminders');
select ok(has_function_privilege('service_role', 'app.enqueue_due_reminders(timestamptz)', 'execute'),
  'service_role (the jobs) queues reminders');
select ok(not has_function_privilege('authenticated', 'app.stripe_event_details(text,text,integer)', 'execute'),
  'authenticated cannot write Stripe event details');

-- Deposit reminder: 12 h before the deposit is due, once.
set local role service_role;
select ok(app.enqueue_due_reminders('2027-03-31 23:59:00+00') >= 0, 'runs as service_role');
select is(pg_temp.kinds(), '{}'::text[], 'not yet 12 h before the deposit is due');
select ok(app.enqueue_due_reminders('2027-04-01 00:00:00+00') >= 1, '12 h before: queued');
select ok(app.enqueue_due_reminders('2027-04-01 01:00:00+00') >= 0, 'runs again');
reset role;
select is(pg_temp.kinds(), array['deposit_reminder'], 'one deposit reminder, never twice');

-- The confirming deposit is announced by booking_confirmed only; a balance
-- payment and a refund each get their own mail.
insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
values ('b0000000-0000-4000-8000-0000000000e1', 'deposit', 'zelle', 10000, 'zelle-note-1');
insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
values ('b0000000-0000-4000-8000-0000000000e1', 'balance', 'cash', 2000, 'cash-note-1');
insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
values ('b0000000-0000-4000-8000-0000000000e1', 'refund', 'cash', 500, 'cash-note-r1');
select is(pg_temp.kinds(), array['deposit_reminder', 'booking_confirmed', 'payment_received', 'refund_issued'],
  'money mail follows the ledger');
select is((select payload ->> 'amount_cents' from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000e1' and kind = 'refund_issued'), '500',
  'the refund mail carries its amount');

-- A rejected cancellation request.
update public.bookings set status = 'cancellation_requested' where id = 'b0000000-0000-4000-8000-0000000000e1';
update public.bookings set status = 'confirmed' where id = 'b0000000-0000-4000-8000-0000000000e1';
select is((pg_temp.kinds())[5:6], array['cancellation_requested', 'cancellation_rejected'],
  'request then rejection, in order');

-- Event reminders: 7 days and 48 hours before 2027-05-02 01:00 UTC.
set local role service_role;
select ok(app.enqueue_due_reminders('2027-04-25 01:00:00+00') >= 1, '7 days before: queued');
select ok(app.enqueue_due_reminders('2027-04-30 01:00:00+00') >= 1, '48 hours before: queued');
reset role;
select is((pg_temp.kinds())[7:8], array['event_reminder_7d', 'event_reminder_48h'], 'each event reminder once');

select * from finish();
rollback;
