-- The chef who had a booking's day-before mail is told when they no longer
-- cook it (migration 20261224400000, ADR 0058): taken off, replaced, moved
-- by a reschedule, or the booking cancelled; nobody else is, and a chef put
-- back gets the day-before mail again.
begin;
select plan(13);

insert into public.customers (id, email, name, phone) values
  ('c0000000-0000-4000-8000-0000000000c1', 'released@example.com', 'Rae Host', '510 555 0188');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash)
select ('b0000000-0000-4000-8000-0000000000c' || n)::uuid, 'MH-REL00' || n,
       '10000000-0000-4000-8000-000000000001', d::date, '18:00', 10,
       n || ' Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000c1', '{}', 60000, 10000,
       encode(sha256(('rel-' || n)::bytea), 'hex')
from (values (1, '2031-06-10'), (2, '2031-06-11'), (3, '2031-06-12'), (4, '2031-06-20')) v(n, d);
update public.bookings set status = 'confirmed', chef_id = '30000000-0000-4000-8000-000000000001'
where reference like 'MH-REL00%';

create function pg_temp.released(p_ref text) returns table (recipient text, release text)
language sql as $$
  select n.recipient, n.payload->>'release' from public.notifications n
  join public.bookings b on b.id = n.booking_id
  where n.kind = 'chef_released' and b.reference = p_ref order by n.seq
$$;
create function pg_temp.day_before_mail(p_ref text, p_chef_email text) returns void language sql as $$
  insert into public.notifications (kind, recipient, booking_id, payload)
  select 'chef_day_before', p_chef_email, b.id, '{}' from public.bookings b where b.reference = p_ref
$$;

select ok(not has_function_privilege('authenticated', 'app.enqueue_chef_released()', 'execute'),
  'staff cannot call the release trigger function');

-- Before any day-before mail, a change tells nobody.
update public.bookings set chef_id = null where reference = 'MH-REL002';
select is((select count(*)::int from pg_temp.released('MH-REL002')), 0,
  'a chef taken off before the day-before mail hears nothing');

-- With chef 1's day-before mail queued, replacing them tells them.
select pg_temp.day_before_mail('MH-REL001', 'chef1@myhibachi.example');
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000002' where reference = 'MH-REL001';
select results_eq($$select * from pg_temp.released('MH-REL001')$$,
  $$values ('chef1@myhibachi.example'::text, 'reassigned'::text)$$,
  'replaced: the chef with the mail is told, as reassigned');
select is((select payload->>'chef_name' from public.notifications n join public.bookings b on b.id = n.booking_id
           where n.kind = 'chef_released' and b.reference = 'MH-REL001'),
  'Chef Kenji', 'the mail greets the released chef');

-- Chef 2 has no day-before mail of it: unassigning them tells nobody.
update public.bookings set chef_id = null where reference = 'MH-REL001';
select is((select count(*)::int from pg_temp.released('MH-REL001')), 1,
  'the chef without the mail is not written to');

-- Back to chef 1, then cancelled: released as cancelled; a later chef
-- change on the cancelled booking tells nobody again.
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001' where reference = 'MH-REL001';
update public.bookings set status = 'cancelled' where reference = 'MH-REL001';
update public.bookings set chef_id = null where reference = 'MH-REL001';
select results_eq($$select * from pg_temp.released('MH-REL001')$$,
  $$values ('chef1@myhibachi.example'::text, 'reassigned'::text),
           ('chef1@myhibachi.example'::text, 'cancelled'::text)$$,
  'a cancellation releases the chef who had the mail, once');

-- A reschedule that takes the chef off names the date they were told of.
select pg_temp.day_before_mail('MH-REL003', 'chef1@myhibachi.example');
update public.bookings set event_date = '2031-06-26', chef_id = null where reference = 'MH-REL003';
select results_eq(
  $$select n.payload->>'release', n.payload->>'event_date' from public.notifications n
    join public.bookings b on b.id = n.booking_id where n.kind = 'chef_released' and b.reference = 'MH-REL003'$$,
  $$values ('unassigned'::text, '2031-06-12'::text)$$,
  'a reschedule releases the chef for the date they were told of');

-- An event that has started is history: changing who cooked it tells nobody.
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001' where reference = 'MH-REL003';
select pg_temp.day_before_mail('MH-REL002', 'chef1@myhibachi.example');
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001' where reference = 'MH-REL002';
update public.bookings set event_date = current_date - 3 where reference = 'MH-REL002';
update public.bookings set chef_id = null where reference = 'MH-REL002';
select is((select count(*)::int from pg_temp.released('MH-REL002')), 0,
  'correcting the chef of a past event mails nobody');

-- Unrelated updates queue nothing.
update public.bookings set notes = 'Gate code 12' where reference = 'MH-REL003';
select is((select count(*)::int from pg_temp.released('MH-REL003')), 1, 'a note changes nothing');

-- Released and put back: the next tick queues the day-before mail again.
select is(app.enqueue_chef_day_before('2031-06-19 20:00+00'), 1, 'the day-before mail of MH-REL004 is queued');
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000002' where reference = 'MH-REL004';
select is(app.enqueue_chef_day_before('2031-06-19 20:05+00'), 1, 'the new chef gets theirs');
update public.bookings set chef_id = '30000000-0000-4000-8000-000000000001' where reference = 'MH-REL004';
select is(app.enqueue_chef_day_before('2031-06-19 20:10+00'), 1, 'chef 1, put back, gets it again');
select results_eq(
  $$select n.recipient, (n.payload->>'updated')::boolean from public.notifications n
    join public.bookings b on b.id = n.booking_id
    where b.reference = 'MH-REL004' and n.kind in ('chef_day_before', 'chef_released') order by n.seq$$,
  $$values ('chef1@myhibachi.example'::text, false), ('chef1@myhibachi.example', null),
           ('chef2@myhibachi.example', false), ('chef2@myhibachi.example', null),
           ('chef1@myhibachi.example', true)$$,
  'day-before, release, day-before to the new chef, their release, and the updated mail to chef 1');

select * from finish();
rollback;
