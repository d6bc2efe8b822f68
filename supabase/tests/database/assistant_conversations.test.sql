-- Assistant conversations (issue 13, migration 20261217100000): the token
-- holder reads their own conversation and no other, managers and admins read
-- all, chefs and other visitors none; only service_role writes (through the
-- definer functions); a handoff becomes one inbox message with its
-- notifications; retention deletes expired rows and keeps the inbox message.
begin;
select plan(24);

create function pg_temp.act_as(who text, p_token text default null) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
  v_role text := case when who in ('anon', 'service_role') then who else 'authenticated' end;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('request.headers',
    case when p_token is null then '{}' else json_build_object('x-conversation-token', p_token)::text end, true);
  perform set_config('role', v_role, true);
end
$$;
create function pg_temp.seen(who text, p_token text default null) returns integer language plpgsql as $$
declare n integer;
begin
  perform pg_temp.act_as(who, p_token);
  select count(*) into n from public.assistant_conversations;
  perform set_config('role', 'none', true);
  return n;
end
$$;
create function pg_temp.h(p_token text) returns text language sql as $$
  select encode(extensions.digest(p_token, 'sha256'), 'hex')
$$;

-- Two customers' conversations, written as the function writes them.
select ok(not has_function_privilege('anon', 'app.assistant_record_turn(text,jsonb,text,timestamptz)', 'execute'),
  'anon cannot write conversations');
select ok(not has_function_privilege('authenticated', 'app.assistant_handoff(text,text,text,text,text,timestamptz)', 'execute'),
  'authenticated cannot hand off directly');
select ok(not has_table_privilege('anon', 'public.assistant_conversations', 'insert'), 'anon has no insert');
select ok(not has_table_privilege('authenticated', 'public.assistant_conversations', 'update'), 'authenticated has no update');

set local role service_role;
select isnt(app.assistant_record_turn(pg_temp.h(repeat('a', 43)),
  '[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"}]', 'small_talk',
  '2026-12-01T10:00:00Z'), null, 'service_role records a first turn');
select lives_ok($$ select app.assistant_record_turn(pg_temp.h(repeat('b', 43)),
  '[{"role":"user","content":"price?"}]', 'quote', '2026-12-01T11:00:00Z') $$, 'a second conversation');
select is(app.assistant_record_turn(pg_temp.h(repeat('a', 43)),
  '[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"again"}]',
  'unknown', '2026-12-02T10:00:00Z'),
  (select id from public.assistant_conversations where token_hash = pg_temp.h(repeat('a', 43))),
  'the same token continues the same conversation');
reset role;

select is((select turns from public.assistant_conversations where token_hash = pg_temp.h(repeat('a', 43))), 2,
  'turns are counted');
select is((select expires_at from public.assistant_conversations where token_hash = pg_temp.h(repeat('a', 43))),
  '2027-01-01T10:00:00Z'::timestamptz, 'expiry is 30 days after the last turn');
select throws_ok($$ insert into public.assistant_conversations (token_hash, messages) values (repeat('c', 64), '{}') $$,
  '23514', null, 'messages must be a list');

-- Who sees what.
select is(pg_temp.seen('anon', repeat('a', 43)), 1, 'the token holder sees their conversation');
select is((select pg_temp.seen('anon', repeat('b', 43))), 1, 'the other token holder sees theirs');
select is(pg_temp.seen('anon'), 0, 'anon without a token sees none');
select is(pg_temp.seen('anon', repeat('z', 43)), 0, 'a wrong token sees none');
select is(pg_temp.seen('chef', repeat('z', 43)), 0, 'a chef sees none');
select is(pg_temp.seen('manager'), 2, 'a manager reads every conversation');
select is(pg_temp.seen('admin'), 2, 'an admin reads every conversation');
do $$
begin
  perform pg_temp.act_as('anon', repeat('a', 43));
  begin
    update public.assistant_conversations set messages = '[]';
    raise exception 'updated';
  exception when insufficient_privilege then null;
  end;
  perform set_config('role', 'none', true);
end
$$;
select is((select jsonb_array_length(messages) from public.assistant_conversations
  where token_hash = pg_temp.h(repeat('a', 43))), 3, 'the token holder cannot rewrite the conversation');

-- Handoff → inbox message + manager/admin notifications.
set local role service_role;
select isnt(app.assistant_handoff(pg_temp.h(repeat('b', 43)), E'Customer: price?\nAssistant: …',
  'asked for a person', null, null, '2026-12-01T11:05:00Z'), null, 'a handoff returns its ticket');
reset role;
select is((select count(*)::int from public.contact_messages m
  join public.assistant_conversations c on c.id = m.conversation_id
  where c.token_hash = pg_temp.h(repeat('b', 43)) and m.topic = 'assistant_handoff' and m.email is null), 1,
  'one inbox message, without e-mail, tied to the conversation');
select is((select count(*)::int from public.notifications n
  where n.kind = 'contact_message' and n.payload ->> 'topic' = 'assistant_handoff'),
  (select count(*)::int from public.staff where active and role in ('manager', 'admin')),
  'every active manager and admin is notified');
select throws_ok($$ insert into public.contact_messages (name, email, topic, message) values ('X', null, 'pricing', 'hello there, world') $$,
  '23514', null, 'only handoffs may lack an e-mail address');

-- Retention.
set local role service_role;
select is(app.assistant_purge_conversations('2026-12-31T12:00:00Z'), 1, 'the conversation idle for 30 days is deleted');
reset role;
select is((select count(*)::int from public.contact_messages where topic = 'assistant_handoff' and conversation_id is null),
  1, 'its inbox message stays, unlinked');

select * from finish();
rollback;
