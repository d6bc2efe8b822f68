-- The staff inbox (issue 11, SPEC §4 /admin/inbox): contact messages are
-- assigned to a manager or admin, answered by e-mail through the outbox
-- (one notification row per reply, sent by the worker) and marked handled.
-- Every step writes an audit row. Managers are already mailed on a new
-- message (app.submit_contact_message).
--
-- Errors (mapped by lib/inbox):
--   42501 inbox_staff_only     FORBIDDEN → 403 (chefs, customers)
--   P0002 contact_message_exists NOT_FOUND → 404
--   22023 contact_assignee / contact_reply_body → 422 path assigneeId / body

alter table public.contact_messages
  add column assigned_to uuid references public.staff (user_id) on delete set null,
  add column assigned_at timestamptz,
  add constraint contact_messages_assigned_has_time
    check (assigned_to is null or assigned_at is not null);
create index contact_messages_assigned_idx on public.contact_messages (assigned_to, created_at desc)
  where handled_at is null;

-- Replies sent to the sender; a record, never rewritten.
create table public.contact_replies (
  id uuid primary key default gen_random_uuid(),
  message_id uuid not null references public.contact_messages (id),
  author_id uuid references public.staff (user_id) on delete set null,
  body text not null check (char_length(body) between 1 and 5000),
  notification_id uuid references public.notifications (id),
  created_at timestamptz not null default now()
);
create index contact_replies_message_idx on public.contact_replies (message_id, created_at);

create trigger contact_replies_append_only before update or delete on public.contact_replies
  for each row execute function app.refuse_change();
create trigger contact_replies_no_truncate before truncate on public.contact_replies
  for each statement execute function app.refuse_change();

alter table public.contact_replies enable row level security;
revoke all on public.contact_replies from anon;
revoke insert, update, delete, truncate on public.contact_replies from authenticated, service_role;
create policy "managers and admins read contact replies" on public.contact_replies
  for select to authenticated
  using (coalesce(app.staff_role() in ('manager', 'admin'), false));

-- The inbox is for managers and admins.
create or replace function app.inbox_check_caller() returns void
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not coalesce(app.staff_role() in ('manager', 'admin'), false) then
    raise exception 'FORBIDDEN: the inbox is for managers and admins'
      using errcode = 'insufficient_privilege', constraint = 'inbox_staff_only';
  end if;
end
$$;

create or replace function app.inbox_lock_message(p_message uuid) returns public.contact_messages
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_msg public.contact_messages;
begin
  perform app.inbox_check_caller();
  select * into v_msg from public.contact_messages m where m.id = p_message for update;
  if not found then
    raise exception 'NOT_FOUND: no contact message %', p_message
      using errcode = 'no_data_found', constraint = 'contact_message_exists';
  end if;
  return v_msg;
end
$$;

-- Assign a message to an active manager/admin (or nobody).
create or replace function app.inbox_assign(p_message uuid, p_assignee uuid) returns public.contact_messages
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_msg public.contact_messages;
  v_after public.contact_messages;
begin
  v_msg := app.inbox_lock_message(p_message);
  if p_assignee is not null and not exists (
    select 1 from public.staff s
    where s.user_id = p_assignee and s.active and s.role in ('manager', 'admin')) then
    raise exception 'INVALID_ASSIGNEE: % is not an active manager or admin', p_assignee
      using errcode = 'invalid_parameter_value', constraint = 'contact_assignee';
  end if;
  update public.contact_messages m
    set assigned_to = p_assignee, assigned_at = case when p_assignee is null then null else now() end
    where m.id = p_message
    returning * into v_after;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), 'contact.assign', 'contact_messages', p_message::text,
    jsonb_build_object('before', jsonb_build_object('assigned_to', v_msg.assigned_to),
                       'after', jsonb_build_object('assigned_to', p_assignee)));
  return v_after;
end
$$;

-- Mark handled (or reopen).
create or replace function app.inbox_set_handled(p_message uuid, p_handled boolean) returns public.contact_messages
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_msg public.contact_messages;
  v_after public.contact_messages;
begin
  v_msg := app.inbox_lock_message(p_message);
  update public.contact_messages m set
    handled_at = case when p_handled then coalesce(m.handled_at, now()) end,
    handled_by = case when p_handled then coalesce(m.handled_by, auth.uid()) end
    where m.id = p_message
    returning * into v_after;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), case when p_handled then 'contact.handled' else 'contact.reopened' end,
    'contact_messages', p_message::text,
    jsonb_build_object('before', jsonb_build_object('handled_at', v_msg.handled_at),
                       'after', jsonb_build_object('handled_at', v_after.handled_at)));
  return v_after;
end
$$;

-- Reply by e-mail through the outbox; the message counts as handled.
create or replace function app.inbox_reply(p_message uuid, p_body text) returns public.contact_replies
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_msg public.contact_messages;
  v_reply public.contact_replies;
  v_notification uuid;
  v_body text := btrim(coalesce(p_body, ''));
begin
  v_msg := app.inbox_lock_message(p_message);
  if char_length(v_body) not between 1 and 5000 then
    raise exception 'INVALID_BODY: a reply has 1 to 5000 characters'
      using errcode = 'invalid_parameter_value', constraint = 'contact_reply_body';
  end if;
  insert into public.notifications (kind, recipient, payload)
  values ('contact_reply', v_msg.email::text, jsonb_build_object(
    'contact_message_id', v_msg.id,
    'name', v_msg.name,
    'body', v_body,
    'staff_name', (select s.full_name from public.staff s where s.user_id = auth.uid()),
    'original_excerpt', left(v_msg.message, 500)))
  returning id into v_notification;
  insert into public.contact_replies (message_id, author_id, body, notification_id)
  values (v_msg.id, auth.uid(), v_body, v_notification)
  returning * into v_reply;
  update public.contact_messages m set
    handled_at = coalesce(m.handled_at, now()),
    handled_by = coalesce(m.handled_by, auth.uid())
    where m.id = p_message;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), 'contact.reply', 'contact_messages', p_message::text,
    jsonb_build_object('reply_id', v_reply.id, 'notification_id', v_notification,
                       'to', v_msg.email::text, 'length', char_length(v_body)));
  return v_reply;
end
$$;

revoke execute on function
  app.inbox_check_caller(),
  app.inbox_lock_message(uuid),
  app.inbox_assign(uuid, uuid),
  app.inbox_set_handled(uuid, boolean),
  app.inbox_reply(uuid, text)
from public;
grant execute on function
  app.inbox_assign(uuid, uuid),
  app.inbox_set_handled(uuid, boolean),
  app.inbox_reply(uuid, text)
to authenticated, service_role;
