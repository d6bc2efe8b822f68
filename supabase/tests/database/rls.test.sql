-- Row Level Security, role × table × operation (SPEC §1). Each probe runs in
-- a subtransaction that is always rolled back, so probes never affect each
-- other; it reports 'rows=<n>' (rows seen or changed) or 'error=<SQLSTATE>'.
-- Probes of data tables are scoped to this file's fixtures, so extra seed
-- data (seed/*.sql booking history) does not change the expectations;
-- locations, menu, pricing, staff and chefs come from seed.sql.
begin;

-- Fixtures (as the owner). Seeded ids: supabase/seed.sql.
insert into public.locations (id, slug, name, zip, active, sort_order)
values ('10000000-0000-4000-8000-000000000009', 'closed', 'Closed', '94000', false, 9);
update public.menu_items set active = false where code = 'gyoza';
insert into auth.users (id, aud, role, email, created_at, updated_at) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'someone@example.com', now(), now()),
  ('20000000-0000-4000-8000-000000000099', 'authenticated', 'authenticated', 'newbie@myhibachi.example', now(), now());
insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-000000000001', 'fremont@example.com', 'Fremont Customer'),
  ('c0000000-0000-4000-8000-000000000002', 'sacramento@example.com', 'Sacramento Customer'),
  ('c0000000-0000-4000-8000-000000000003', 'lead@example.com', 'Lead Without Booking');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, chef_id) values
  ('b0000000-0000-4000-8000-000000000001', 'MH-FFFFF1', '10000000-0000-4000-8000-000000000001', '2027-03-06', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 60000, 10000,
   encode(sha256('token-f'::bytea), 'hex'), '30000000-0000-4000-8000-000000000001'),
  ('b0000000-0000-4000-8000-000000000002', 'MH-SSSSS1', '10000000-0000-4000-8000-000000000002', '2027-03-06', '18:00', 10,
   '2 K St', 'Sacramento', 'CA', '95814', 'c0000000-0000-4000-8000-000000000002', '{}', 60000, 10000,
   encode(sha256('token-s'::bytea), 'hex'), null);
-- Reviews (ADR 0035): a pending Fremont review and an approved Sacramento
-- one, an invitation, and an SMS opt-out (ADR 0036).
insert into public.reviews (booking_id, location_id, rating, body, display_name, city, event_date, status) values
  ('b0000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 5,
   'fixture review pending fremont', 'F. C.', 'Fremont', '2027-03-06', 'pending'),
  ('b0000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 4,
   'fixture review approved sacramento', 'S. C.', 'Sacramento', '2027-03-06', 'approved');
insert into public.review_invitations (booking_id, token_hash, expires_at)
values ('b0000000-0000-4000-8000-000000000001', encode(sha256('review-f'::bytea), 'hex'), now() + interval '1 day');
insert into public.sms_opt_outs (phone) values ('+15105550999');
-- Fixture money mails nobody (payment_received would add outbox rows).
do $$ begin perform set_config('app.notify', 'off', true); end $$;
insert into public.payments (booking_id, kind, method, amount_cents, provider_reference) values
  ('b0000000-0000-4000-8000-000000000001', 'balance', 'cash', 5000, 'cash-f'),
  ('b0000000-0000-4000-8000-000000000002', 'balance', 'cash', 5000, 'cash-s');
do $$ begin perform set_config('app.notify', '', true); end $$;
insert into public.holds (location_id, event_date, slot_time, expires_at) values
  ('10000000-0000-4000-8000-000000000001', '2027-03-06', '12:00', now() + interval '15 minutes'),
  ('10000000-0000-4000-8000-000000000002', '2027-03-06', '12:00', now() + interval '15 minutes');
insert into public.blackout_dates (location_id, blackout_date) values
  ('10000000-0000-4000-8000-000000000001', '2027-12-25'),
  ('10000000-0000-4000-8000-000000000002', '2027-12-25');
insert into public.chef_time_off (chef_id, starts_on, ends_on, status) values
  ('30000000-0000-4000-8000-000000000001', '2027-04-01', '2027-04-03', 'requested'),
  ('30000000-0000-4000-8000-000000000005', '2027-04-01', '2027-04-03', 'approved');
insert into public.audit_log (actor, action, entity) values ('system', 'fixture', 'bookings');
insert into public.contact_messages (name, email, message)
values ('Asker', 'ask@example.com', 'Do you cater in Oakland?');
insert into public.contact_replies (message_id, body)
select id, 'Yes, Oakland is in our area.' from public.contact_messages where email = 'ask@example.com';
-- A Sacramento chef with no bookings, which an admin may delete.
insert into public.chefs (id, location_id, display_name, home_zip, weekdays)
values ('30000000-0000-4000-8000-000000000099', '10000000-0000-4000-8000-000000000002', 'Chef Temp', '95814', '{1}');
insert into public.notifications (kind, recipient) values ('booking_created', 'fremont@example.com');
-- Staff operations (issue 10): internal notes, refunds due, calendar feeds.
insert into public.booking_notes (booking_id, author_id, body, for_chef) values
  ('b0000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'gate code 4411', true),
  ('b0000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'disputed the deposit', false),
  ('b0000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001', 'VIP', false);
insert into public.refunds_due (booking_id, amount_cents, reason) values
  ('b0000000-0000-4000-8000-000000000001', 5000, 'fixture'),
  ('b0000000-0000-4000-8000-000000000002', 5000, 'fixture');
-- Funnel counts (issue 11 analytics; written only by app.add_funnel_counts as service_role).
insert into public.funnel_daily (location_id, day, quotes, holds) values
  ('10000000-0000-4000-8000-000000000001', '2027-03-06', 3, 1),
  ('10000000-0000-4000-8000-000000000002', '2027-03-06', 2, 1);
-- A conversation of the assistant (its token holder's header is probed in assistant_conversations.test.sql).
insert into public.assistant_conversations (token_hash, messages) values
  (encode(extensions.digest(repeat('r', 43), 'sha256'), 'hex'), '[{"role":"user","content":"hi"}]');
insert into public.stripe_events (id, type, booking_reference) values
  ('evt_fixture_f', 'checkout.session.completed', 'MH-FFFFF1'),
  ('evt_fixture_s', 'checkout.session.completed', 'MH-SSSSS1');
-- Refunds through Stripe (issue 12, ADR 0019).
insert into public.stripe_refunds (refund_due_id, booking_id, payment_intent, amount_cents, idempotency_key)
select r.id, r.booking_id, 'pi_fixture_' || right(r.booking_id::text, 1), 5000, 'fixture:' || r.id
from public.refunds_due r where r.reason = 'fixture';
insert into public.chef_calendar_feeds (chef_id, token_hash) values
  ('30000000-0000-4000-8000-000000000001', repeat('a', 64)),
  ('30000000-0000-4000-8000-000000000005', repeat('b', 64));

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
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', v_role, true);
end
$$;

-- Run p_sql as `who`; SELECTs count rows seen, DML counts rows changed.
create function pg_temp.probe(who text, p_sql text) returns text language plpgsql as $$
declare
  n integer;
begin
  begin
    perform pg_temp.act_as(who);
    if p_sql ~* '^\s*select' then
      execute format('select count(probe.*) from (%s) probe', p_sql) into n;
    else
      execute p_sql;
      get diagnostics n = row_count;
    end if;
    raise exception using errcode = 'P0999', message = n::text;
  exception
    when sqlstate 'P0999' then
      perform set_config('role', 'none', true);
      return 'rows=' || sqlerrm;
    when others then
      perform set_config('role', 'none', true);
      return 'error=' || sqlstate;
  end;
end
$$;

create temp table matrix (tbl text, op text, stmt text,
  anon text, usr text, chef text, manager text, admin text);
insert into matrix values
  -- locations
  ('locations', 'select', 'select 1 from public.locations', 'rows=2', 'rows=2', 'rows=3', 'rows=3', 'rows=3'),
  ('locations', 'insert', $q$insert into public.locations (slug, name, zip) values ('new-town', 'New', '95000')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'rows=1'),
  ('locations', 'update', 'update public.locations set name = name', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=3'),
  ('locations', 'delete', $q$delete from public.locations where slug = 'closed'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  -- menu_items
  ('menu_items', 'select', 'select 1 from public.menu_items', 'rows=13', 'rows=13', 'rows=14', 'rows=14', 'rows=14'),
  ('menu_items', 'insert', $q$insert into public.menu_items (code, kind, label, price_cents) values ('miso', 'addon', 'Miso', 300)$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'rows=1'),
  ('menu_items', 'update', 'update public.menu_items set label = label', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=14'),
  ('menu_items', 'delete', $q$delete from public.menu_items where code = 'gyoza'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  -- pricing_settings
  ('pricing_settings', 'select', 'select 1 from public.pricing_settings', 'rows=1', 'rows=1', 'rows=1', 'rows=1', 'rows=1'),
  ('pricing_settings', 'insert', 'insert into public.pricing_settings (id) values (1)',
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('pricing_settings', 'update', 'update public.pricing_settings set deposit_cents = 12000', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  ('pricing_settings', 'delete', 'delete from public.pricing_settings', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  -- settings_versions (issue 11: effective-dated settings; history is never deleted)
  ('settings_versions', 'select', 'select 1 from public.settings_versions', 'rows=1', 'rows=1', 'rows=1', 'rows=1', 'rows=1'),
  ('settings_versions', 'insert', $q$insert into public.settings_versions (effective_from) values ('2030-01-01')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'rows=1'),
  ('settings_versions', 'update', 'update public.settings_versions set note = note', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  ('settings_versions', 'delete', 'delete from public.settings_versions', 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- blackout_dates
  ('blackout_dates', 'select', $q$select 1 from public.blackout_dates where blackout_date = '2027-12-25'$q$, 'rows=0', 'rows=0', 'rows=2', 'rows=2', 'rows=2'),
  ('blackout_dates', 'insert', $q$insert into public.blackout_dates (location_id, blackout_date) values ('10000000-0000-4000-8000-000000000001', '2027-12-31')$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('blackout_dates', 'update', $q$update public.blackout_dates set reason = reason where blackout_date = '2027-12-25'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  ('blackout_dates', 'delete', $q$delete from public.blackout_dates where blackout_date = '2027-12-25'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  -- staff
  ('staff', 'select', 'select 1 from public.staff', 'rows=0', 'rows=0', 'rows=1', 'rows=5', 'rows=8'),
  ('staff', 'insert', $q$insert into public.staff (user_id, email, full_name, role) values ('20000000-0000-4000-8000-000000000099', 'newbie@myhibachi.example', 'Newbie', 'chef')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'rows=1'),
  ('staff', 'update', 'update public.staff set full_name = full_name', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=8'),
  ('staff', 'delete', $q$delete from public.staff where user_id = '20000000-0000-4000-8000-000000000016'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  -- staff_locations
  ('staff_locations', 'select', 'select 1 from public.staff_locations', 'rows=0', 'rows=0', 'rows=1', 'rows=5', 'rows=7'),
  ('staff_locations', 'insert', $q$insert into public.staff_locations (user_id, location_id) values ('20000000-0000-4000-8000-000000000015', '10000000-0000-4000-8000-000000000001')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'rows=1'),
  ('staff_locations', 'update', 'update public.staff_locations set created_at = created_at', 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  ('staff_locations', 'delete', $q$delete from public.staff_locations where user_id = '20000000-0000-4000-8000-000000000016'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  -- chefs
  ('chefs', 'select', 'select 1 from public.chefs', 'rows=0', 'rows=0', 'rows=1', 'rows=4', 'rows=7'),
  ('chefs', 'insert', $q$insert into public.chefs (location_id, display_name, home_zip, weekdays) values ('10000000-0000-4000-8000-000000000001', 'Chef New', '94539', '{6,7}')$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('chefs', 'update', 'update public.chefs set weekdays = weekdays', 'rows=0', 'rows=0', 'rows=1', 'rows=4', 'rows=7'),
  ('chefs', 'delete', $q$delete from public.chefs where id = '30000000-0000-4000-8000-000000000099'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  -- chef_time_off
  ('chef_time_off', 'select', $q$select 1 from public.chef_time_off where starts_on = '2027-04-01'$q$, 'rows=0', 'rows=0', 'rows=1', 'rows=1', 'rows=2'),
  ('chef_time_off', 'insert', $q$insert into public.chef_time_off (chef_id, starts_on, ends_on) values ('30000000-0000-4000-8000-000000000001', '2027-05-01', '2027-05-02')$q$,
   'error=42501', 'error=42501', 'rows=1', 'rows=1', 'rows=1'),
  ('chef_time_off', 'update', $q$update public.chef_time_off set status = 'approved' where starts_on = '2027-04-01'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('chef_time_off', 'delete', $q$delete from public.chef_time_off where starts_on = '2027-04-01'$q$, 'rows=0', 'rows=0', 'rows=1', 'rows=1', 'rows=2'),
  -- customers
  ('customers', 'select', $q$select 1 from public.customers where id in ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000003')$q$, 'rows=0', 'rows=0', 'rows=1', 'rows=1', 'rows=3'),
  ('customers', 'insert', $q$insert into public.customers (email, name) values ('walkin@example.com', 'Walk In')$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('customers', 'update', $q$update public.customers set name = name where id in ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000003')$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=3'),
  ('customers', 'delete', $q$delete from public.customers where id = 'c0000000-0000-4000-8000-000000000003'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  -- bookings
  ('bookings', 'select', $q$select 1 from public.bookings where id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'rows=0', 'rows=0', 'rows=1', 'rows=1', 'rows=2'),
  ('bookings', 'insert', $q$insert into public.bookings (location_id, event_date, slot_time, adults, address_line1, city, state, zip, customer_id, quote, total_cents, deposit_cents, manage_token_hash) values ('10000000-0000-4000-8000-000000000001', '2027-03-13', '12:00', 12, '3 Elm St', 'Fremont', 'CA', '94539', 'c0000000-0000-4000-8000-000000000001', '{}', 70000, 10000, encode(sha256('token-new'::bytea), 'hex'))$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('bookings', 'update', $q$update public.bookings set notes = notes where id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('bookings', 'delete', $q$delete from public.bookings where id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  -- booking_notes (append-only; chefs read only for_chef notes of their bookings)
  ('booking_notes', 'select', $q$select 1 from public.booking_notes where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'rows=0', 'rows=0', 'rows=1', 'rows=2', 'rows=3'),
  ('booking_notes', 'insert', $q$insert into public.booking_notes (booking_id, author_id, body) values ('b0000000-0000-4000-8000-000000000001', auth.uid(), 'called the customer')$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('booking_notes', 'insert for another booking', $q$insert into public.booking_notes (booking_id, author_id, body) values ('b0000000-0000-4000-8000-000000000002', auth.uid(), 'called the customer')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'rows=1'),
  ('booking_notes', 'update', $q$update public.booking_notes set body = body where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('booking_notes', 'delete', $q$delete from public.booking_notes where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- refunds_due (written only by app.* staff functions; no money for chefs)
  ('refunds_due', 'select', $q$select 1 from public.refunds_due where reason = 'fixture'$q$, 'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('refunds_due', 'insert', $q$insert into public.refunds_due (booking_id, amount_cents, reason) values ('b0000000-0000-4000-8000-000000000001', 100, 'x')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('refunds_due', 'update', $q$update public.refunds_due set reason = reason where reason = 'fixture'$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('refunds_due', 'delete', $q$delete from public.refunds_due where reason = 'fixture'$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- chef_calendar_feeds (token hash never readable; written only by app.* functions)
  ('chef_calendar_feeds', 'select', $q$select chef_id from public.chef_calendar_feeds$q$, 'error=42501', 'rows=0', 'rows=1', 'rows=1', 'rows=2'),
  ('chef_calendar_feeds', 'select token_hash', $q$select token_hash from public.chef_calendar_feeds$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('chef_calendar_feeds', 'insert', $q$insert into public.chef_calendar_feeds (chef_id, token_hash) values ('30000000-0000-4000-8000-000000000002', repeat('c', 64))$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('chef_calendar_feeds', 'update', $q$update public.chef_calendar_feeds set revoked_at = now()$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('chef_calendar_feeds', 'delete', $q$delete from public.chef_calendar_feeds$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- assistant_conversations (managers/admins read; the token holder by header; written only by app.* functions)
  ('assistant_conversations', 'select', $q$select 1 from public.assistant_conversations$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('assistant_conversations', 'insert', $q$insert into public.assistant_conversations (token_hash) values (repeat('d', 64))$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('assistant_conversations', 'update', $q$update public.assistant_conversations set messages = '[]'$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('assistant_conversations', 'delete', $q$delete from public.assistant_conversations$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- stripe_events (webhook idempotency; written by the webhook only; staff read for reconciliation)
  ('stripe_events', 'select', $q$select 1 from public.stripe_events where id like 'evt_fixture_%'$q$, 'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('stripe_events', 'insert', $q$insert into public.stripe_events (id, type) values ('evt_x', 'x')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('stripe_events', 'update', $q$update public.stripe_events set outcome = outcome$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('stripe_events', 'delete', $q$delete from public.stripe_events$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- stripe_refunds (queued by the database, sent by the refunds job; no money for chefs)
  ('stripe_refunds', 'select', $q$select 1 from public.stripe_refunds where idempotency_key like 'fixture:%'$q$, 'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('stripe_refunds', 'insert', $q$insert into public.stripe_refunds (refund_due_id, booking_id, payment_intent, amount_cents, idempotency_key) select id, booking_id, 'pi_x', 1, 'x' from public.refunds_due limit 1$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('stripe_refunds', 'update', $q$update public.stripe_refunds set status = 'failed'$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('stripe_refunds', 'delete', $q$delete from public.stripe_refunds$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- holds
  ('holds', 'select', $q$select 1 from public.holds where event_date = '2027-03-06'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('holds', 'insert', $q$insert into public.holds (location_id, event_date, slot_time, expires_at) values ('10000000-0000-4000-8000-000000000001', '2027-03-13', '15:00', now() + interval '15 minutes')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('holds', 'update', $q$update public.holds set expires_at = now() where event_date = '2027-03-06'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  ('holds', 'delete', $q$delete from public.holds where event_date = '2027-03-06'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  -- booking_events (append-only)
  ('booking_events', 'select', $q$select 1 from public.booking_events where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'rows=0', 'rows=0', 'rows=1', 'rows=1', 'rows=2'),
  ('booking_events', 'insert', $q$insert into public.booking_events (booking_id, type, actor, actor_id, note) values ('b0000000-0000-4000-8000-000000000001', 'note', 'staff', auth.uid(), 'called the customer')$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('booking_events', 'update', $q$update public.booking_events set note = note where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('booking_events', 'delete', $q$delete from public.booking_events where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- payments (append-only ledger)
  ('payments', 'select', $q$select 1 from public.payments where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('payments', 'insert', $q$insert into public.payments (booking_id, kind, method, amount_cents, recorded_by) values ('b0000000-0000-4000-8000-000000000001', 'balance', 'zelle', 2000, auth.uid())$q$,
   'error=42501', 'error=42501', 'error=42501', 'rows=1', 'rows=1'),
  ('payments', 'update', $q$update public.payments set note = note where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('payments', 'delete', $q$delete from public.payments where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- audit_log (append-only)
  ('audit_log', 'select', $q$select 1 from public.audit_log where action = 'fixture'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  ('audit_log', 'insert', $q$insert into public.audit_log (actor, actor_id, action, entity) values ('staff', auth.uid(), 'viewed', 'bookings')$q$,
   'error=42501', 'error=42501', 'rows=1', 'rows=1', 'rows=1'),
  ('audit_log', 'update', $q$update public.audit_log set details = details where action = 'fixture'$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('audit_log', 'delete', $q$delete from public.audit_log where action = 'fixture'$q$, 'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- contact_messages (written only through app.submit_contact_message)
  ('contact_messages', 'select', $q$select 1 from public.contact_messages where email = 'ask@example.com'$q$,
   'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('contact_messages', 'insert', $q$insert into public.contact_messages (name, email, message) values ('X', 'x@example.com', 'long enough message')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('contact_messages', 'update', $q$update public.contact_messages set handled_at = now(), handled_by = auth.uid() where email = 'ask@example.com'$q$,
   'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('contact_messages', 'delete', $q$delete from public.contact_messages where email = 'ask@example.com'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('contact_messages', 'update message', $q$update public.contact_messages set message = 'rewritten by someone' where email = 'ask@example.com'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('contact_messages', 'submit via app function', $q$select app.submit_contact_message('Sam', 'sam@example.com', null, null, 'Can you do 40 guests?', null, 40, null)$q$,
   'rows=1', 'rows=1', 'rows=1', 'rows=1', 'rows=1'),
  -- contact_replies (issue 11 inbox; written only through app.inbox_reply)
  ('contact_replies', 'select', 'select 1 from public.contact_replies',
   'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('contact_replies', 'insert', $q$insert into public.contact_replies (message_id, body) select id, 'x' from public.contact_messages limit 1$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('contact_replies', 'update', $q$update public.contact_replies set body = 'rewritten'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('contact_replies', 'delete', 'delete from public.contact_replies',
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- reviews (ADR 0035; written only through app.submit_review / app.moderate_review)
  ('reviews', 'select', $q$select 1 from public.reviews where body like 'fixture review%'$q$,
   'rows=1', 'rows=1', 'rows=1', 'rows=2', 'rows=2'),
  ('reviews', 'insert', $q$insert into public.reviews (location_id, rating, body, display_name, city, event_date, status, is_demo) values ('10000000-0000-4000-8000-000000000001', 5, 'fixture review made up', 'X', 'Fremont', '2027-03-06', 'approved', true)$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('reviews', 'update', $q$update public.reviews set status = 'approved' where body like 'fixture review%'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('reviews', 'delete', $q$delete from public.reviews where body like 'fixture review%'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- review_invitations (token hashes: no API role reads or writes them)
  ('review_invitations', 'select', 'select 1 from public.review_invitations',
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('review_invitations', 'insert', $q$insert into public.review_invitations (booking_id, token_hash, expires_at) values ('b0000000-0000-4000-8000-000000000002', repeat('a', 64), now())$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('review_invitations', 'update', $q$update public.review_invitations set used_at = null$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('review_invitations', 'delete', 'delete from public.review_invitations',
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- sms_opt_outs (ADR 0036; written only by the verified Twilio webhook)
  ('sms_opt_outs', 'select', $q$select 1 from public.sms_opt_outs where phone = '+15105550999'$q$,
   'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('sms_opt_outs', 'insert', $q$insert into public.sms_opt_outs (phone) values ('+15105550998')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('sms_opt_outs', 'update', $q$update public.sms_opt_outs set message_sid = 'x'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('sms_opt_outs', 'delete', 'delete from public.sms_opt_outs',
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- funnel_daily (issue 11 analytics; managers read theirs, admins all; no API role writes)
  ('funnel_daily', 'select', $q$select 1 from public.funnel_daily where day = '2027-03-06'$q$,
   'rows=0', 'rows=0', 'rows=0', 'rows=1', 'rows=2'),
  ('funnel_daily', 'insert', $q$insert into public.funnel_daily (location_id, day, quotes) values ('10000000-0000-4000-8000-000000000001', '2027-03-07', 1)$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('funnel_daily', 'update', $q$update public.funnel_daily set quotes = quotes + 1 where day = '2027-03-06'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('funnel_daily', 'delete', $q$delete from public.funnel_daily where day = '2027-03-06'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  -- notifications (outbox; worker is privileged)
  ('notifications', 'select', $q$select 1 from public.notifications where recipient = 'fremont@example.com'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=1'),
  ('notifications', 'insert', $q$insert into public.notifications (kind, recipient) values ('x', 'a@example.com')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('notifications', 'update', $q$update public.notifications set status = 'sent' where recipient = 'fremont@example.com'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0'),
  ('notifications', 'delete', $q$delete from public.notifications where recipient = 'fremont@example.com'$q$, 'rows=0', 'rows=0', 'rows=0', 'rows=0', 'rows=0');

create temp table expectations as
select m.tbl, m.op, m.stmt, r.who, r.expected, r.ord
from matrix m
cross join lateral (values
  ('anon', m.anon, 1), ('user', m.usr, 2), ('chef', m.chef, 3), ('manager', m.manager, 4), ('admin', m.admin, 5)
) r (who, expected, ord);

select plan((select count(*)::int from expectations) + 16);

-- Every public table is covered by the matrix and has RLS on.
select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'),
  (select array_agg(distinct tbl order by tbl) from matrix),
  'the matrix covers every table in public');
select is(
  (select count(*)::int from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and not c.relrowsecurity),
  0, 'RLS is enabled on every public table');

select is(pg_temp.probe(e.who, e.stmt), e.expected, format('%s: %s %s', e.who, e.op, e.tbl))
from expectations e
order by e.tbl, e.op, e.ord;

-- Availability is public but reveals only counts; private functions are not.
select is(pg_temp.probe('anon',
  $q$select * from public.slot_availability('10000000-0000-4000-8000-000000000001', '2027-03-06', '2027-03-06')$q$),
  'rows=4', 'anon: slot_availability returns the four slots of a day');
select is(pg_temp.probe('anon',
  $q$select * from public.day_capacities('10000000-0000-4000-8000-000000000001', '2027-03-06', '2027-03-12')$q$),
  'rows=7', 'anon: day_capacities returns a count per date');
select is(pg_temp.probe('anon',
  $q$select * from public.slot_reservations('10000000-0000-4000-8000-000000000001', '2026-04-01', '2026-10-31')$q$),
  (select format('rows=%s', count(*)) from public.slot_reservations('10000000-0000-4000-8000-000000000001', '2026-04-01', '2026-10-31')),
  'anon: slot_reservations returns counts only, the same as the owner sees');
select is(pg_temp.probe('anon', $q$select app.slot_capacity('10000000-0000-4000-8000-000000000001', '2027-03-06', '18:00')$q$),
  'error=42501', 'anon: cannot call app.slot_capacity');
select is(pg_temp.probe('anon', $q$select * from app.booking_by_token('x', 'y')$q$),
  'rows=1', 'anon: may call the server-only booking functions (not exposed over REST)');
select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
   where p.pronamespace = 'app'::regnamespace and p.prosecdef
     and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a
                                      where a.grantee = 0 and a.privilege_type = 'EXECUTE'))),
  null, 'no SECURITY DEFINER function in app is executable by PUBLIC');

-- The manage token opens exactly its booking, for anyone who holds it.
select is(pg_temp.probe('anon',
  $q$select 1 from app.booking_by_token('MH-FFFFF1', 'token-f') where id is not null$q$),
  'rows=1', 'anon: the right manage token opens the booking');
select is(pg_temp.probe('anon',
  $q$select 1 from app.booking_by_token('MH-FFFFF1', 'token-s') where id is not null$q$),
  'rows=0', 'anon: another booking''s token opens nothing');

-- contact_messages beyond the matrix: marking handled names the caller;
-- anon's submission stores the trimmed message and one pending outbox row
-- per active manager/admin (seed: one of each); the table checks its data;
-- not even the owner deletes.
select is(pg_temp.probe('manager',
  $q$update public.contact_messages set handled_at = now(), handled_by = '20000000-0000-4000-8000-000000000001' where email = 'ask@example.com'$q$),
  'error=42501', 'manager: cannot mark a contact message handled in someone else''s name');
do $$
begin
  perform pg_temp.act_as('anon');
  perform app.submit_contact_message('  Lee Park ', 'lee@example.com', '', 'large_event',
    ' We are 45 people in Oakland. ', '2027-06-05', 45, repeat('ab', 32));
  perform set_config('role', 'none', true);
end
$$;
select is(
  (select count(*)::int from public.contact_messages
   where name = 'Lee Park' and email = 'lee@example.com' and phone is null
     and topic = 'large_event' and message = 'We are 45 people in Oakland.'
     and guests = 45 and handled_at is null),
  1, 'submit_contact_message stores the trimmed message');
select is(
  (select array_agg(recipient order by recipient) from public.notifications
   where kind = 'contact_message' and payload ->> 'email' = 'lee@example.com' and status = 'pending'),
  array['admin@myhibachi.example', 'manager@myhibachi.example'],
  'one pending contact_message notification per active manager and admin');
select throws_ok(
  $q$select app.submit_contact_message('Bad', 'not-an-email', null, null, 'long enough text', null, null, null)$q$,
  '23514', null, 'a contact message with an invalid email is refused by the table');
select throws_ok(
  $q$select app.submit_contact_message('Bad', 'b@example.com', null, 'Free Text!', 'long enough text', null, null, null)$q$,
  '23514', null, 'a contact topic must be a code, not free text');
select throws_ok(
  $q$delete from public.contact_messages$q$,
  '42501', null, 'not even the owner deletes contact messages');

select * from finish();
rollback;
