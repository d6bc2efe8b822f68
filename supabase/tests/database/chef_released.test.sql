-- The chef who had a booking's day-before mail is told when they no longer
-- cook it (migration 20261224400000, ADR 0058): taken off, replaced, or the
-- booking cancelled; nobody else is.
begin;
select plan(8);

insert into public.customers (id, email, name, phone) values
  ('c0000000-0000-4000-8000-0000000000c1', 'released@example.com', 'Rae Host', '510 555 0188');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash) values
  ('b0000000-0000-4000-8000-0000000000c1', 'MH-REL001', '10000000-0000-4000-8000-000000000001', '2031-06-10', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000c1', '{}', 60000, 10000,
   encode(sha256('rel-1'::bytea), 'hex')),
  ('b0000000-0000-4000-8000-0000000000c2', 'MH-REL002', '10000000-0000-4000-8000-000000000001', '2031-06-11', '18:00', 10,
   '2 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000c1', '{}', 60000, 10000,
   encode(sha256('rel-2'::bytea), 'hex'));
update public.bookings set status = 'confirmed', chef_id = '30000000-0000-4000-8000-000000000001'
where id in ('b0000000-0000-4000-8000-0000000000c1', 'b0000000-0000-4000-8000-0000000000c2');

create function pg_temp.released(p_booking uuid) returns table (recipient text, release text)
language sql as $$
  select recipient, payload->>'release' from public.notifications
  where kind = 'chef_released' and booking_id = p_booking order by seq
$$;

select ok(not has_function_privilege('authenticated', 'app.enqueue_chef_released()', 'execute'),
  'staff cannot call the release trigger function');

-- Assigning queues nothing; neither does a change before any day-before mail.
update public.bookings set chef_id = null where id = 'b0000000-0000-4000-8000-0000000000c2';
select is((select count(*)::int from pg_temp.released('b0000000-0000-4000-8000-0000000000c2')), 0,
  'a chef taken off before the day-before mail hears nothing');

-- With the day-before mail queued for chef 1, taking them off tells them.
insert into public.notifications (kind, recipient, booking_id, payload)
values ('chef_day_before', 'chef1@myhibachi.example', 'b0000000-0000-4000-8000-0000000000c1', '{}');
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000002'
where id = 'b0000000-0000-4000-8000-0000000000c1';
select results_eq($$select * from pg_temp.released('b0000000-0000-4000-8000-0000000000c1')$$,
  $$values ('chef1@myhibachi.example'::text, 'reassigned'::text)$$,
  'replaced: the chef with the mail is told, as reassigned');
select is((select payload->>'chef_name' from public.notifications
           where kind = 'chef_released' and booking_id = 'b0000000-0000-4000-8000-0000000000c1'),
  'Chef Kenji', 'the mail greets the released chef');

-- Chef 2 has no day-before mail of it: unassigning them tells nobody.
update public.bookings set chef_id = null where id = 'b0000000-0000-4000-8000-0000000000c1';
select is((select count(*)::int from pg_temp.released('b0000000-0000-4000-8000-0000000000c1')), 1,
  'the chef without the mail is not written to');

-- Back to chef 1 (who had the mail), then cancelled: released as cancelled.
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001'
where id = 'b0000000-0000-4000-8000-0000000000c1';
update public.bookings set status = 'cancelled' where id = 'b0000000-0000-4000-8000-0000000000c1';
select results_eq($$select * from pg_temp.released('b0000000-0000-4000-8000-0000000000c1')$$,
  $$values ('chef1@myhibachi.example'::text, 'reassigned'::text),
           ('chef1@myhibachi.example'::text, 'cancelled'::text)$$,
  'a cancellation releases the chef who had the mail');

-- Unrelated updates queue nothing.
update public.bookings set notes = 'Gate code 12' where id = 'b0000000-0000-4000-8000-0000000000c1';
select is((select count(*)::int from pg_temp.released('b0000000-0000-4000-8000-0000000000c1')), 2,
  'a note changes nothing');

-- Muted notifications (imports, seeding) queue nothing.
select set_config('app.notify', 'off', true);
update public.bookings set status = 'confirmed' where id = 'b0000000-0000-4000-8000-0000000000c2';
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001'
where id = 'b0000000-0000-4000-8000-0000000000c2';
insert into public.notifications (kind, recipient, booking_id, payload)
values ('chef_day_before', 'chef1@myhibachi.example', 'b0000000-0000-4000-8000-0000000000c2', '{}');
update public.bookings set chef_id = null where id = 'b0000000-0000-4000-8000-0000000000c2';
select is((select count(*)::int from pg_temp.released('b0000000-0000-4000-8000-0000000000c2')), 0,
  'nothing is queued while notifications are muted');

select * from finish();
rollback;
