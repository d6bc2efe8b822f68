-- The booking assistant's conversations (issue 13, SPEC §5 `assistant`).
--
-- A conversation is keyed by a secret token the assistant function issues
-- (`sessionId`); only its SHA-256 is stored, like manage tokens. Customers
-- have no account: whoever holds the token sees that conversation and no
-- other (RLS compares the hash of the `x-conversation-token` request header,
-- as PostgREST exposes it, with the row). Managers and admins read every
-- conversation; chefs none. Writes go through the two definer functions
-- below, run by the function as service_role. No card data is stored (the
-- function refuses card numbers before they reach the table), and rows
-- expire 30 days after their last turn (app.assistant_purge_conversations).
--
-- A handoff ("I want a person") puts the transcript in the staff inbox as a
-- contact message with topic 'assistant_handoff' linked to the conversation;
-- managers and admins are notified through the outbox like for the form.

create table public.assistant_conversations (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  -- [{role: "user"|"assistant", content: text}], oldest first.
  messages jsonb not null default '[]'::jsonb
    check (jsonb_typeof(messages) = 'array' and jsonb_array_length(messages) <= 400),
  turns integer not null default 0 check (turns >= 0),
  last_intent text check (last_intent is null or last_intent ~ '^[a-z_]{1,40}$'),
  handed_off_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '30 days',
  constraint assistant_conversations_token_hash_key unique (token_hash),
  constraint assistant_conversations_times check (updated_at >= created_at and expires_at > updated_at)
);
comment on table public.assistant_conversations is
  'Assistant chats by conversation token hash; written via app.assistant_record_turn, read by their token holder and by managers/admins; 30-day retention.';

create index assistant_conversations_updated_idx on public.assistant_conversations (updated_at desc);
create index assistant_conversations_expires_idx on public.assistant_conversations (expires_at);

-- The inbox: a handoff is a contact message tied to its conversation. It may
-- come without an e-mail address (the customer only asked for a person).
alter table public.contact_messages
  add column conversation_id uuid references public.assistant_conversations (id) on delete set null,
  alter column email drop not null,
  add constraint contact_messages_email_unless_handoff
    check (email is not null or topic = 'assistant_handoff');
create index contact_messages_conversation_idx on public.contact_messages (conversation_id)
  where conversation_id is not null;

alter table public.assistant_conversations enable row level security;

revoke all on public.assistant_conversations from anon, authenticated, service_role;
grant select on public.assistant_conversations to anon, authenticated, service_role;
grant delete on public.assistant_conversations to service_role;

-- SHA-256 (hex) of the conversation token the request carries in the
-- `x-conversation-token` header (PostgREST's request.headers), or null.
create or replace function app.request_conversation_token_hash() returns text
language sql stable
set search_path = ''
as $$
  select case
    when t is null or t !~ '^[A-Za-z0-9_-]{32,64}$' then null
    else encode(extensions.digest(t, 'sha256'), 'hex')
  end
  from (select nullif(current_setting('request.headers', true), '')::json ->> 'x-conversation-token' as t) h
$$;
revoke execute on function app.request_conversation_token_hash() from public;
grant execute on function app.request_conversation_token_hash() to anon, authenticated, service_role;

create policy "token holders read their own conversation" on public.assistant_conversations
  for select to anon, authenticated
  using (token_hash = app.request_conversation_token_hash());

create policy "managers and admins read assistant conversations" on public.assistant_conversations
  for select to authenticated
  using (coalesce(app.staff_role() in ('manager', 'admin'), false));

create policy "service role reads and purges assistant conversations" on public.assistant_conversations
  for all to service_role
  using (true) with check (true);

-- Stores the conversation after a turn (creating it on its first turn) and
-- pushes its expiry to 30 days after p_now. Returns the conversation id.
create or replace function app.assistant_record_turn(
  p_token_hash text,
  p_messages jsonb,
  p_intent text,
  p_now timestamptz
) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into public.assistant_conversations as c
    (token_hash, messages, turns, last_intent, created_at, updated_at, expires_at)
  values (p_token_hash, p_messages, 1, p_intent, p_now, p_now, p_now + interval '30 days')
  on conflict (token_hash) do update
    set messages = excluded.messages,
        turns = c.turns + 1,
        last_intent = excluded.last_intent,
        updated_at = greatest(c.updated_at, excluded.updated_at),
        expires_at = greatest(c.updated_at, excluded.updated_at) + interval '30 days'
  returning c.id into v_id;
  return v_id;
end
$$;

-- A handoff: makes sure the conversation exists, marks it handed off and
-- stores one inbox message (topic 'assistant_handoff') with the transcript,
-- then queues one notification per active manager/admin. Returns the
-- contact message id (the ticket).
create or replace function app.assistant_handoff(
  p_token_hash text,
  p_transcript text,
  p_reason text,
  p_email text,
  p_phone text,
  p_now timestamptz
) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_conversation uuid;
  v_message text;
  v_id uuid;
  v_email text := nullif(btrim(coalesce(p_email, '')), '');
  v_phone text := nullif(btrim(coalesce(p_phone, '')), '');
begin
  insert into public.assistant_conversations as c
    (token_hash, created_at, updated_at, expires_at, handed_off_at)
  values (p_token_hash, p_now, p_now, p_now + interval '30 days', p_now)
  on conflict (token_hash) do update
    set handed_off_at = coalesce(c.handed_off_at, excluded.handed_off_at)
  returning c.id into v_conversation;

  v_message := left(
    'Assistant handoff (' || left(coalesce(nullif(btrim(p_reason), ''), 'asked for a person'), 200) || E')\n\n'
      || coalesce(p_transcript, ''),
    5000);
  insert into public.contact_messages (name, email, phone, topic, message, conversation_id, created_at)
  values ('Chat visitor', v_email, v_phone, 'assistant_handoff', v_message, v_conversation, p_now)
  returning id into v_id;

  insert into public.notifications (kind, recipient, payload)
  select 'contact_message', s.email::text,
         jsonb_build_object(
           'contact_message_id', v_id,
           'name', 'Chat visitor',
           'email', coalesce(v_email, v_phone, 'no contact details given'),
           'topic', 'assistant_handoff',
           'excerpt', left(coalesce(p_transcript, ''), 200))
  from public.staff s
  where s.active and s.role in ('manager', 'admin');

  return v_id;
end
$$;

-- Retention: deletes conversations whose expiry has passed at p_now (their
-- inbox messages keep the transcript). Returns how many were deleted.
create or replace function app.assistant_purge_conversations(p_now timestamptz) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  n integer;
begin
  delete from public.assistant_conversations where expires_at <= p_now;
  get diagnostics n = row_count;
  return n;
end
$$;

revoke execute on function app.assistant_record_turn(text, jsonb, text, timestamptz) from public;
revoke execute on function app.assistant_handoff(text, text, text, text, text, timestamptz) from public;
revoke execute on function app.assistant_purge_conversations(timestamptz) from public;
grant execute on function app.assistant_record_turn(text, jsonb, text, timestamptz) to service_role;
grant execute on function app.assistant_handoff(text, text, text, text, text, timestamptz) to service_role;
grant execute on function app.assistant_purge_conversations(timestamptz) to service_role;
