-- Customers (issue 11 item 1, migration 20261221200000): who may search,
-- edit, merge, export and erase; the manager's location scope; merge moves
-- bookings and is audited; erasure keeps the ledger and is refused while a
-- booking is open; history stays append-only outside erasure.
begin;
select plan(33);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
begin
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', 'authenticated', true);
end
$$;
grant execute on function pg_temp.act_as(text) to authenticated;

-- Two Fremont customers with one phone, one Sacramento customer.
insert into public.customers (id, email, name, phone) values
  ('c0000000-0000-4000-8000-000000000001', 'pg.one@example.com', 'Pgtap One', '510 555 8801'),
  ('c0000000-0000-4000-8000-000000000002', 'PG.Two@example.com', 'Pgtap Two', '(510) 555-8801'),
  ('c0000000-0000-4000-8000-000000000003', 'pg.sac@example.com', 'Pgtap Sac', '916 555 8803');
insert into public.bookings (id, status, location_id, event_date, slot_time, adults,
  address_line1, city, state, zip, customer_id, quote, total_cents, deposit_cents,
  manage_token_hash, notes)
values
  ('b0000000-0000-4000-8000-000000000001', 'no_show', '10000000-0000-4000-8000-000000000001',
   '2026-01-10', '18:00', 8, '7 Secret Way', 'Fremont', 'CA', '94539',
   'c0000000-0000-4000-8000-000000000001', '{}', 50000, 10000,
   encode(sha256('pgtap-crm-1'), 'hex'), 'Door code 9182'),
  ('b0000000-0000-4000-8000-000000000002', 'cancelled', '10000000-0000-4000-8000-000000000001',
   '2026-02-10', '18:00', 12, '9 Other St', 'Fremont', 'CA', '94539',
   'c0000000-0000-4000-8000-000000000002', '{}', 60000, 10000,
   encode(sha256('pgtap-crm-2'), 'hex'), null),
  ('b0000000-0000-4000-8000-000000000003', 'cancelled', '10000000-0000-4000-8000-000000000002',
   '2026-02-10', '18:00', 12, '1 Sac St', 'Sacramento', 'CA', '95814',
   'c0000000-0000-4000-8000-000000000003', '{}', 60000, 10000,
   encode(sha256('pgtap-crm-3'), 'hex'), null);
insert into public.payments (booking_id, kind, method, amount_cents)
values ('b0000000-0000-4000-8000-000000000001', 'deposit', 'zelle', 10000);
insert into public.notifications (kind, recipient, payload)
values ('review_request', 'PG.One@Example.com', '{"name": "Pgtap One"}');

-- ADR 0033: the same e-mail in another case is the same customer, never a second row.
select throws_ok($q$insert into public.customers (email, name) values ('PG.ONE@example.COM', 'Shouty')$q$,
  '23505', null, 'an e-mail in another case cannot make a duplicate customer');

select pg_temp.act_as('chef');
select throws_ok($q$select * from app.customer_search('pgtap', null, null, 10)$q$,
  '42501', null, 'a chef may not search customers');
select throws_ok($q$select app.customer_update('c0000000-0000-4000-8000-000000000001', 'x', null)$q$,
  '42501', null, 'a chef may not edit a customer');
select throws_ok($q$select app.customer_merge('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002')$q$,
  '42501', null, 'a chef may not merge');
select throws_ok($q$select app.customer_export('c0000000-0000-4000-8000-000000000001')$q$,
  '42501', null, 'a chef may not export');
select throws_ok($q$select app.customer_erase('c0000000-0000-4000-8000-000000000001')$q$,
  '42501', null, 'a chef may not erase');
select throws_ok($q$select * from app.customer_duplicates(10)$q$,
  '42501', null, 'a chef sees no duplicates');

select pg_temp.act_as('manager');
select is((select count(*)::int from app.customer_search('510-555-8801', null, null, 10)), 2,
  'a manager finds both customers by phone in another format');
select is((select count(*)::int from app.customer_search('pgtap', null, null, 10)), 2,
  'a manager does not see the Sacramento customer');
select throws_ok($q$select app.customer_update('c0000000-0000-4000-8000-000000000003', 'x', null)$q$,
  'P0002', null, 'nor edit it');
select throws_ok($q$update public.customers set notes = 'unaudited' where id = 'c0000000-0000-4000-8000-000000000001'$q$,
  '42501', null, 'the table itself is not writable: edits go through the audited function');
select is((app.customer_update('c0000000-0000-4000-8000-000000000001', 'Nut allergy', array['vip', 'allergy-nuts'])).tags,
  array['allergy-nuts', 'vip'], 'a manager sets tags');
select throws_ok($q$select app.customer_update('c0000000-0000-4000-8000-000000000001', null, array['Not A Tag'])$q$,
  '23514', null, 'tags are slugs');
select ok(exists (select 1 from app.customer_duplicates(200)
                  where customer_id = 'c0000000-0000-4000-8000-000000000001'
                    and duplicate_id = 'c0000000-0000-4000-8000-000000000002'),
  'the same phone is a suggested duplicate');
select throws_ok($q$select app.customer_merge('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001')$q$,
  '22023', null, 'no merge into itself');
select lives_ok($q$select app.customer_merge('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002')$q$,
  'a manager merges the duplicate');

select pg_temp.act_as('admin');
select is((select count(*)::int from app.customer_search('pgtap', null, null, 10)), 2,
  'an admin sees every customer (the duplicate is gone)');
select is((select customer_id from public.bookings where id = 'b0000000-0000-4000-8000-000000000002'),
  'c0000000-0000-4000-8000-000000000001'::uuid, 'the bookings moved to the survivor');
select is((select details -> 'before' -> 'duplicate' ->> 'email' from public.audit_log
           where action = 'customer.merge' and entity_id = 'c0000000-0000-4000-8000-000000000001'),
  'PG.Two@example.com', 'the merge is audited with before');
select throws_ok(
  $q$select app.customer_erase((select b.customer_id from public.bookings b
     where b.status in ('confirmed', 'pending_deposit') limit 1))$q$,
  '23514', null, 'erasure is refused while a booking is open');
select ok((app.customer_export('c0000000-0000-4000-8000-000000000001') -> 'bookings') @> '[{"addressLine1": "7 Secret Way"}]',
  'the export holds the bookings with their address');
select lives_ok($q$select app.customer_erase('c0000000-0000-4000-8000-000000000001')$q$,
  'an admin erases the customer');
set local role none;
select is((select name || ' ' || coalesce(phone, '-') from public.customers where id = 'c0000000-0000-4000-8000-000000000001'),
  'Erased customer -', 'personal fields are anonymised');
select is((select count(*)::int from public.bookings where customer_id = 'c0000000-0000-4000-8000-000000000001'
             and address_line1 = 'erased' and notes is null), 2, 'bookings stay, without address or notes');
select is((select count(*)::int from public.payments where booking_id = 'b0000000-0000-4000-8000-000000000001'),
  1, 'the ledger stays');
select is((select count(*)::int from public.booking_events
           where booking_id in ('b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002')
             and (coalesce(before::text, '') || coalesce(after::text, '')) ~ 'Secret|9182'), 0,
  'the booking history keeps no address or note');
select throws_ok($q$update public.booking_events set note = 'x' where booking_id = 'b0000000-0000-4000-8000-000000000001'$q$,
  '42501', null, 'outside erasure the history stays append-only');
select ok(exists (select 1 from pg_publication_tables
                  where pubname = 'supabase_realtime' and tablename = 'contact_messages'),
  'contact messages reach realtime (the inbox badge)');

select has_index('public', 'customers', 'customers_search_idx', 'name and e-mail words are indexed (GIN)');
select has_index('public', 'customers', 'customers_phone_prefix_idx', 'phone digits are indexed for prefixes');
select has_index('public', 'customers', 'customers_email_prefix_idx', 'e-mail prefixes are indexed');
select has_index('public', 'customers', 'customers_name_order_idx', 'the (name, id) cursor is indexed');
select is((select count(*)::int from public.notifications
           where lower(recipient) = 'pg.one@example.com'), 0,
  'no outbox row is addressed to the erased customer');

select * from finish();
rollback;
