-- Messages from the public contact form (SPEC §3). Visitors never touch the
-- table: the server stores a validated message through
-- app.submit_contact_message, which also queues one staff notification per
-- active manager/admin in the outbox. Managers and admins read messages and
-- mark them handled; nobody deletes (the inbox is a record of what was asked).

create table public.contact_messages (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 100 and name = btrim(name)),
  email extensions.citext not null check (app.is_email(email::text)),
  phone text check (phone is null or char_length(phone) between 1 and 30),
  -- Optional routing hint chosen by the form (e.g. 'large_event'); free text is refused.
  topic text check (topic is null or topic ~ '^[a-z][a-z0-9_]{0,39}$'),
  message text not null check (char_length(message) between 10 and 5000),
  event_date date,
  guests integer check (guests between 1 and 500),
  -- HMAC of the sender's IP (lib/contact/ip_hash.ts): lets staff spot floods
  -- from one sender without storing the address itself.
  ip_hash text check (ip_hash is null or ip_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  handled_at timestamptz,
  handled_by uuid references public.staff (user_id) on delete set null,
  constraint contact_messages_handled_by_needs_handled_at
    check (handled_by is null or handled_at is not null)
);
comment on table public.contact_messages is
  'Contact form messages; inserted only via app.submit_contact_message, handled by managers/admins.';

create index contact_messages_open_idx on public.contact_messages (created_at desc)
  where handled_at is null;

alter table public.contact_messages enable row level security;

-- Table privileges first, then RLS narrows rows: API roles may read and set
-- only the two "handled" columns; inserts go through the definer function.
revoke all on public.contact_messages from anon, authenticated, service_role;
grant select on public.contact_messages to authenticated, service_role;
grant update (handled_at, handled_by) on public.contact_messages to authenticated, service_role;

create trigger contact_messages_no_delete before delete on public.contact_messages
  for each row execute function app.refuse_change();
create trigger contact_messages_no_truncate before truncate on public.contact_messages
  for each statement execute function app.refuse_change();

create policy "managers and admins read contact messages" on public.contact_messages
  for select to authenticated
  using (coalesce(app.staff_role() in ('manager', 'admin'), false));

-- Marking handled records who did it; un-marking clears both columns.
create policy "managers and admins mark contact messages handled" on public.contact_messages
  for update to authenticated
  using (coalesce(app.staff_role() in ('manager', 'admin'), false))
  with check (
    coalesce(app.staff_role() in ('manager', 'admin'), false)
    and ((handled_at is not null and handled_by = auth.uid())
         or (handled_at is null and handled_by is null)));

-- Stores one validated message and queues the staff notifications; returns
-- the new message id. The server validates first (lib/site/contact.ts); the
-- table's checks are the last line of defence.
create or replace function app.submit_contact_message(
  p_name text,
  p_email text,
  p_phone text,
  p_topic text,
  p_message text,
  p_event_date date,
  p_guests integer,
  p_ip_hash text
) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into public.contact_messages
    (name, email, phone, topic, message, event_date, guests, ip_hash)
  values
    (btrim(p_name), btrim(p_email), nullif(btrim(p_phone), ''), p_topic,
     btrim(p_message), p_event_date, p_guests, p_ip_hash)
  returning id into v_id;

  insert into public.notifications (kind, recipient, payload)
  select 'contact_message', s.email::text,
         jsonb_build_object(
           'contact_message_id', v_id,
           'name', btrim(p_name),
           'email', btrim(p_email),
           'topic', p_topic,
           'excerpt', left(btrim(p_message), 200))
  from public.staff s
  where s.active and s.role in ('manager', 'admin');

  return v_id;
end
$$;

revoke execute on function app.submit_contact_message(text, text, text, text, text, date, integer, text)
  from public;
grant execute on function app.submit_contact_message(text, text, text, text, text, date, integer, text)
  to anon, authenticated, service_role;
