-- SMS for customers who opted in at booking (issue 12 item 6, ADR 0036).
-- The consent is recorded on the booking with its time and the number it
-- covers (E.164, normalised by the server); a STOP from that number (the
-- Twilio inbound webhook) records an opt-out that ends every SMS to it.
-- SMS rows share the outbox: `notifications.channel = 'sms'`, the phone as
-- recipient, queued beside the customer's mail for the key events
-- (confirmed, 48 h reminder, cancelled) whichever path queued the mail.

alter table public.bookings
  add column sms_opt_in_at timestamptz,
  add column sms_phone text check (sms_phone ~ '^\+[1-9][0-9]{6,14}$'),
  add constraint bookings_sms_opt_in_has_phone
    check (sms_opt_in_at is null or sms_phone is not null);

alter table public.notifications
  add column channel text not null default 'email' check (channel in ('email', 'sms'));

-- Once per (booking, kind, phone).
create unique index notifications_sms_once_idx on public.notifications (booking_id, kind, recipient)
  where channel = 'sms';

-- Numbers that said STOP (until they say START).
create table public.sms_opt_outs (
  phone text primary key check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  opted_out_at timestamptz not null default now(),
  -- The inbound message that asked for it (Twilio MessageSid).
  message_sid text check (length(message_sid) <= 64)
);
alter table public.sms_opt_outs enable row level security;
revoke all on public.sms_opt_outs from anon;
revoke insert, update, delete, truncate on public.sms_opt_outs from authenticated;
create policy "managers and admins read sms opt-outs" on public.sms_opt_outs
  for select to authenticated
  using (coalesce((select app.staff_role()) in ('manager', 'admin'), false));

-- Consent at booking, from the creating request (proof: the manage token).
create or replace function app.record_sms_opt_in(p_reference text, p_token text, p_phone text)
returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
begin
  v_booking := app.booking_by_token(p_reference, p_token);
  if v_booking.id is null then
    return false;
  end if;
  update public.bookings set sms_opt_in_at = now(), sms_phone = p_phone
  where id = v_booking.id;
  return true;
end
$$;

-- The SMS twin of a customer mail for the key events.
create or replace function app.enqueue_sms_twin() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_phone text;
begin
  select b.sms_phone into v_phone from public.bookings b
  where b.id = new.booking_id and b.sms_opt_in_at is not null;
  if v_phone is null
     or exists (select 1 from public.sms_opt_outs o where o.phone = v_phone) then
    return null;
  end if;
  insert into public.notifications (kind, recipient, booking_id, payload, channel, send_after)
  values (new.kind, v_phone, new.booking_id, new.payload - 'manage_url', 'sms', new.send_after)
  on conflict (booking_id, kind, recipient) where channel = 'sms' do nothing;
  return null;
end
$$;

create trigger notifications_sms_twin after insert on public.notifications
  for each row
  when (new.channel = 'email' and new.booking_id is not null
        and new.kind in ('booking_confirmed', 'event_reminder_48h', 'booking_cancelled')
        and new.payload ->> 'audience' = 'customer')
  execute function app.enqueue_sms_twin();

-- STOP / START from a phone (the verified Twilio webhook, service_role).
-- STOP also gives up SMS still waiting for that number.
create or replace function app.record_sms_keyword(p_phone text, p_opt_out boolean, p_message_sid text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if p_opt_out then
    insert into public.sms_opt_outs (phone, message_sid) values (p_phone, p_message_sid)
    on conflict (phone) do nothing;
    update public.notifications
      set status = 'failed', last_error = 'recipient opted out (STOP)'
      where channel = 'sms' and recipient = p_phone and status = 'pending';
  else
    delete from public.sms_opt_outs where phone = p_phone;
  end if;
end
$$;

revoke execute on function
  app.record_sms_opt_in(text, text, text),
  app.enqueue_sms_twin(),
  app.record_sms_keyword(text, boolean, text)
from public, anon, authenticated;
grant execute on function app.record_sms_opt_in(text, text, text) to anon, authenticated, service_role;
grant execute on function app.record_sms_keyword(text, boolean, text) to service_role;
