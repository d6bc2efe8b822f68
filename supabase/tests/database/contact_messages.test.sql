-- contact_messages per role and operation: anon stores a message only through
-- app.submit_contact_message (which also queues staff notifications);
-- managers and admins read and mark handled; nobody deletes. Each probe runs
-- in a rolled-back subtransaction and reports 'rows=<n>' or 'error=<SQLSTATE>'.
begin;
select plan(37);

-- Fixture (as the owner): one message from this file, so extra seed data
-- cannot change the counts below.
insert into public.contact_messages (id, name, email, message)
values ('ccccccc0-0000-4000-8000-000000000001', 'Pat Fixture', 'pat@example.com', 'Do you cater weddings?');
insert into auth.users (id, aud, role, email, created_at, updated_at)
values ('aaaaaaaa-0000-4000-8000-0000000000c1', 'authenticated', 'authenticated', 'c-user@example.com', now(), now());

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'user' then 'aaaaaaaa-0000-4000-8000-0000000000c1'
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

create temp table matrix (op text, stmt text,
  anon text, usr text, chef text, manager text, admin text);
insert into matrix values
  ('select', $q$select 1 from public.contact_messages where id = 'ccccccc0-0000-4000-8000-000000000001'$q$,
   'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('insert', $q$insert into public.contact_messages (name, email, message) values ('X', 'x@example.com', 'direct insert attempt')$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('mark handled', $q$update public.contact_messages set handled_at = now(), handled_by = auth.uid() where id = 'ccccccc0-0000-4000-8000-000000000001'$q$,
   'error=42501', 'rows=0', 'rows=0', 'rows=1', 'rows=1'),
  ('rewrite message', $q$update public.contact_messages set message = 'rewritten by someone' where id = 'ccccccc0-0000-4000-8000-000000000001'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('delete', $q$delete from public.contact_messages where id = 'ccccccc0-0000-4000-8000-000000000001'$q$,
   'error=42501', 'error=42501', 'error=42501', 'error=42501', 'error=42501'),
  ('submit via function', $q$select app.submit_contact_message('Sam', 'sam@example.com', null, null, 'Can you do 40 guests?', null, 40, null)$q$,
   'rows=1', 'rows=1', 'rows=1', 'rows=1', 'rows=1');

select is(pg_temp.probe(r.who, m.stmt), r.expected, format('%s: %s contact_messages', r.who, m.op))
from matrix m
cross join lateral (values
  ('anon', m.anon, 1), ('user', m.usr, 2), ('chef', m.chef, 3), ('manager', m.manager, 4), ('admin', m.admin, 5)
) r (who, expected, ord)
order by m.op, r.ord;

-- Marking handled must name the caller, not another staff member.
select is(pg_temp.probe('manager',
  $q$update public.contact_messages set handled_at = now(), handled_by = '20000000-0000-4000-8000-000000000001' where id = 'ccccccc0-0000-4000-8000-000000000001'$q$),
  'error=42501', 'manager: cannot mark handled in someone else''s name');

-- What anon's submission really stores: the message and one pending outbox
-- row per active manager/admin (seed: one admin, one manager).
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
  '23514', null, 'an invalid email is refused by the table');
select throws_ok(
  $q$select app.submit_contact_message('Bad', 'b@example.com', null, 'Free Text!', 'long enough text', null, null, null)$q$,
  '23514', null, 'a topic must be a code, not free text');
select throws_ok(
  $q$delete from public.contact_messages$q$,
  '42501', null, 'not even the owner deletes contact messages');
select is(
  (select p.proacl is not null and not exists (
     select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')
   from pg_proc p where p.oid = 'app.submit_contact_message(text, text, text, text, text, date, integer, text)'::regprocedure),
  true, 'PUBLIC cannot execute app.submit_contact_message');

select * from finish();
rollback;
