-- A cancellation request alerts every active manager of the booking's
-- location (issue 14 item 7, migration 20261220100000, ADR 0027): after the
-- customer's own mail, with the reason, never the manage link; not the
-- managers of another location, not inactive ones, not when muted.
begin;
select plan(8);

insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-0000000000c1', 'cancel-alert@example.com', 'Alert Customer');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, deposit_due_at) values
  ('b0000000-0000-4000-8000-0000000000c1', 'MH-CANC01', '10000000-0000-4000-8000-000000000001', '2027-06-05', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000c1', '{}', 60000, 10000,
   encode(sha256('cancel-alert-token'::bytea), 'hex'), '2027-05-01 12:00:00+00'),
  ('b0000000-0000-4000-8000-0000000000c2', 'MH-CANC02', '10000000-0000-4000-8000-000000000001', '2027-06-06', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000c1', '{}', 60000, 10000,
   encode(sha256('cancel-alert-token-2'::bytea), 'hex'), '2027-05-01 12:00:00+00');

-- A second, inactive Fremont manager and a manager of the other location.
insert into auth.users (id, email) values
  ('20000000-0000-4000-8000-0000000000c1', 'gone-manager@myhibachi.example'),
  ('20000000-0000-4000-8000-0000000000c2', 'sac-manager@myhibachi.example');
insert into public.staff (user_id, email, full_name, role, active) values
  ('20000000-0000-4000-8000-0000000000c1', 'gone-manager@myhibachi.example', 'Gone Manager', 'manager', false),
  ('20000000-0000-4000-8000-0000000000c2', 'sac-manager@myhibachi.example', 'Sac Manager', 'manager', true);
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-0000000000c1', '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-0000000000c2', '10000000-0000-4000-8000-000000000002');

create function pg_temp.rows(p_booking uuid) returns text[] language sql as $$
  select coalesce(array_agg(recipient || ':' || (payload ->> 'audience') order by seq), '{}')
  from public.notifications
  where booking_id = p_booking and kind = 'cancellation_requested'
$$;

select isnt(app.request_cancellation('MH-CANC01', 'cancel-alert-token', 'Plans changed'), null,
  'the customer requests the cancellation with the manage token');
select is(pg_temp.rows('b0000000-0000-4000-8000-0000000000c1'),
  array['cancel-alert@example.com:customer', 'manager@myhibachi.example:staff'],
  'the customer mail, then one alert per active manager of the location only');
select is((select payload ->> 'reason' from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000c1'
             and recipient = 'manager@myhibachi.example'), 'Plans changed',
  'the alert carries the reason');
select is((select payload ->> 'reference' from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000c1'
             and recipient = 'manager@myhibachi.example'), 'MH-CANC01',
  'the alert names the booking');
select ok(not exists (select 1 from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000c1'
             and recipient = 'manager@myhibachi.example' and payload ? 'manage_url'),
  'the alert never carries the manage link');
select is((select count(*)::int from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000c1'
             and recipient = 'manager@myhibachi.example'
             and kind = 'cancellation_requested' and payload ->> 'reason' is not null), 1,
  'one alert per manager');

-- History replays and bulk imports mute mail (app.notify = off).
select set_config('app.notify', 'off', true);
select isnt(app.request_cancellation('MH-CANC02', 'cancel-alert-token-2', ''), null,
  'a muted request still goes through');
select is(pg_temp.rows('b0000000-0000-4000-8000-0000000000c2'), '{}'::text[],
  'muted (history replays): no customer mail and no manager alert');

select * from finish();
rollback;
