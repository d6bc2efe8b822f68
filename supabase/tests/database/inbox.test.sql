-- The staff inbox (issue 11, migration 20261216100300): who may assign,
-- reply and mark handled; the reply goes to the outbox; everything audited.
begin;
select plan(14);

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

insert into public.contact_messages (id, name, email, message)
values ('f0000000-0000-4000-8000-000000000001', 'Asker', 'ask@example.com', 'Do you cater in Oakland?');

select pg_temp.act_as('chef');
select throws_ok(
  $q$select app.inbox_assign('f0000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002')$q$,
  '42501', null, 'a chef may not assign');
select throws_ok(
  $q$select app.inbox_reply('f0000000-0000-4000-8000-000000000001', 'hello')$q$,
  '42501', null, 'a chef may not reply');

select pg_temp.act_as('manager');
select is(
  (app.inbox_assign('f0000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001')).assigned_to,
  '20000000-0000-4000-8000-000000000001'::uuid, 'a manager assigns a message to the admin');
select throws_ok(
  $q$select app.inbox_assign('f0000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000011')$q$,
  '22023', null, 'a chef is no assignee');
select throws_ok(
  $q$select app.inbox_assign('f0000000-0000-4000-8000-000000000099', null)$q$,
  'P0002', null, 'an unknown message');
select throws_ok(
  $q$select app.inbox_reply('f0000000-0000-4000-8000-000000000001', '   ')$q$,
  '22023', null, 'an empty reply');
select lives_ok(
  $q$select app.inbox_reply('f0000000-0000-4000-8000-000000000001', 'Yes, Oakland is in our area.')$q$,
  'a manager replies');
set local role none;
select is(
  (select recipient || ' ' || (payload ->> 'body') from public.notifications where kind = 'contact_reply'),
  'ask@example.com Yes, Oakland is in our area.', 'the reply is in the outbox for the sender');
select is((select count(*)::int from public.contact_replies where message_id = 'f0000000-0000-4000-8000-000000000001'),
  1, 'the reply is recorded');
select ok((select handled_at is not null and handled_by = '20000000-0000-4000-8000-000000000002'
           from public.contact_messages where id = 'f0000000-0000-4000-8000-000000000001'),
  'replying marks the message handled by the manager');
select pg_temp.act_as('admin');
select is(
  (app.inbox_set_handled('f0000000-0000-4000-8000-000000000001', false)).handled_at,
  null, 'an admin reopens it');
set local role none;
select is(
  (select array_agg(action order by id)::text from public.audit_log where entity = 'contact_messages'),
  '{contact.assign,contact.reply,contact.reopened}', 'every step is audited');
select throws_ok(
  $q$update public.contact_replies set body = 'changed'$q$,
  '42501', null, 'replies are never rewritten');
select pg_temp.act_as('manager');
select is((select count(*)::int from public.contact_replies), 1, 'managers read replies');

select * from finish();
rollback;
