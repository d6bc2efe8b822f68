-- Assistant handoffs (20261217100000) may come without an e-mail address
-- (contact_messages.email is nullable for them); the inbox (20261216100300)
-- replied by e-mail to every message. A reply to a message without an
-- address is now refused with a clear 409 instead of failing on the
-- outbox's NOT NULL recipient.

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
  if v_msg.email is null then
    raise exception 'NO_EMAIL: this conversation left no e-mail address; answer it another way'
      using errcode = 'check_violation', constraint = 'contact_reply_has_email';
  end if;
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
