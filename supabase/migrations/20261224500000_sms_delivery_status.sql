-- SMS delivery status (ADR 0060; ADR 0036 left it out). Twilio accepting an
-- SMS (the outbox marks it `sent`) is not the phone receiving it: a carrier
-- can still refuse it (landline, unreachable handset, filtering). Each SMS the
-- outbox hands to Twilio keeps Twilio's message SID, and Twilio's status
-- callbacks (the verified `POST /api/sms/status` webhook) record how far it
-- got. An SMS that was not delivered becomes a line in the booking's history,
-- so staff see it on the booking and can call the customer instead.

alter table public.notifications
  add column provider_sid text check (provider_sid ~ '^(SM|MM)[0-9a-f]{32}$'),
  add column delivery_status text check (delivery_status in (
    'accepted', 'scheduled', 'queued', 'sending', 'sent',
    'delivered', 'partially_delivered', 'read', 'undelivered', 'failed', 'canceled')),
  add column delivery_error_code integer check (delivery_error_code between 0 and 999999),
  add column delivery_updated_at timestamptz,
  add constraint notifications_provider_sid_sms check (provider_sid is null or channel = 'sms');

-- A callback names the message by SID only.
create unique index notifications_provider_sid_idx on public.notifications (provider_sid)
  where provider_sid is not null;

-- How far a status is along Twilio's message lifecycle. Callbacks can arrive
-- out of order (Twilio does not promise order), so a status only replaces one
-- of a lower rank: a late `sent` never undoes `delivered`. The end states
-- share a rank, so the first one to arrive stands. A Messaging Service's
-- message goes `accepted` → `queued`. Twilio may add statuses: one without a
-- rank is acknowledged and changes nothing (a 422 would lose it for good).
create or replace function app.sms_delivery_rank(p_status text) returns integer
language sql immutable
set search_path = ''
as $$
  select case p_status
    when 'accepted' then 1 when 'scheduled' then 1
    when 'queued' then 2
    when 'sending' then 3
    when 'sent' then 4
    when 'delivered' then 5 when 'partially_delivered' then 5
    when 'undelivered' then 5 when 'failed' then 5 when 'canceled' then 5
    when 'read' then 6
    else 0
  end
$$;

-- One verified status callback (service_role). Returns the status the SMS
-- now has, or null when no SMS has that SID (nothing written); a status
-- without a rank writes nothing. The first
-- `undelivered`/`failed` of an SMS about a booking adds `sms_undelivered` to
-- the booking's history (actor `system`), naming the message and Twilio's
-- error code.
create or replace function app.record_sms_delivery(
  p_sid text, p_status text, p_error_code integer, p_at timestamptz
) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_row public.notifications;
  v_updated public.notifications;
begin
  select * into v_row from public.notifications where provider_sid = p_sid for update;
  if v_row.id is null then
    return null;
  end if;
  if app.sms_delivery_rank(p_status) = 0
     or app.sms_delivery_rank(p_status) <= app.sms_delivery_rank(v_row.delivery_status) then
    return v_row.delivery_status;
  end if;
  update public.notifications
    set delivery_status = p_status,
        delivery_error_code = coalesce(p_error_code, delivery_error_code),
        delivery_updated_at = p_at
    where id = v_row.id
    returning * into v_updated;
  if p_status in ('undelivered', 'failed') and v_row.booking_id is not null then
    insert into public.booking_events (booking_id, type, actor, after, note)
    values (
      v_row.booking_id, 'sms_undelivered', 'system',
      jsonb_build_object('kind', v_row.kind, 'phone', v_row.recipient,
                         'status', p_status, 'errorCode', p_error_code),
      format('The %s SMS to %s was not delivered (%s%s).',
             replace(v_row.kind, '_', ' '), v_row.recipient, p_status,
             case when p_error_code is null then ''
                  else ', Twilio error ' || p_error_code end));
  end if;
  return v_updated.delivery_status;
end
$$;

revoke execute on function
  app.sms_delivery_rank(text),
  app.record_sms_delivery(text, text, integer, timestamptz)
from public, anon, authenticated;
grant execute on function app.record_sms_delivery(text, text, integer, timestamptz) to service_role;
