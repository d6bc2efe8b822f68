-- Customer notifications, the rest of SPEC §2 (issue 12 item 6, ADR 0020):
-- mail in the order things happened, payment received, refund issued,
-- cancellation rejected, and the reminders a job queues on the app's clock
-- (deposit 12 h before it is due; event 7 days and 48 hours before).

-- 1. Order. Every row gets a sequence number in commit-independent insert
-- order; the worker only claims a booking row whose earlier rows for the
-- same (booking, recipient) are finished (sent or given up), so a retried
-- "cancellation requested" holds back the "cancelled" that followed it.
alter table public.notifications add column seq bigint generated always as identity;
create index notifications_unfinished_order_idx on public.notifications (booking_id, recipient, seq)
  where status in ('pending', 'sending');

-- 2. Exactly once per (booking, kind, recipient) for the kinds a job or a
-- repeated path could queue twice (reminders run on every instance).
create unique index notifications_once_idx on public.notifications (booking_id, kind, recipient)
  where kind in ('deposit_reminder', 'event_reminder_7d', 'event_reminder_48h');

-- 3. Lifecycle mail: as before (20261203100000), plus the rejected
-- cancellation request (back to the status before the request).
create or replace function app.enqueue_booking_notice() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_kind text;
  v_extra jsonb := '{}';
  v_payload jsonb;
begin
  if app.notifications_muted() then
    return null;
  end if;
  if new.status is distinct from old.status then
    v_kind := case
      when new.status = 'confirmed' and old.status = 'pending_deposit' then 'booking_confirmed'
      when new.status = 'cancellation_requested' then 'cancellation_requested'
      when new.status = 'cancelled' then 'booking_cancelled'
      when old.status = 'cancellation_requested' and new.status in ('confirmed', 'pending_deposit')
        then 'cancellation_rejected'
    end;
  elsif (new.event_date, new.slot_time) is distinct from (old.event_date, old.slot_time) then
    v_kind := 'booking_rescheduled';
    v_extra := jsonb_build_object(
      'previous_event_date', old.event_date,
      'previous_slot_time', old.slot_time,
      'fee_cents', greatest(new.total_cents - old.total_cents, 0));
  end if;
  if v_kind is null then
    return null;
  end if;
  v_payload := app.booking_notice_payload(new) || v_extra
    || jsonb_build_object('audience', 'customer', 'previous_status', old.status);
  insert into public.notifications (kind, recipient, booking_id, payload)
  values (v_kind, v_payload ->> 'customer_email', new.id, v_payload);
  return null;
end
$$;

-- 4. Money mail: every ledger row the customer should hear about. The
-- deposit that confirms a booking is announced by booking_confirmed (queued
-- by the status change this insert caused, just before), not twice.
create or replace function app.enqueue_payment_notice() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_paid integer;
  v_kind text;
  v_payload jsonb;
begin
  if app.notifications_muted() then
    return null;
  end if;
  select * into v_booking from public.bookings b where b.id = new.booking_id;
  v_paid := app.booking_paid_cents(v_booking.id);
  if new.kind = 'refund' then
    v_kind := 'refund_issued';
  elsif v_booking.status in ('cancelled', 'expired') then
    return null;  -- a refund follows; its mail says so
  elsif new.kind = 'deposit' and v_paid - new.amount_cents < v_booking.deposit_cents
        and v_paid >= v_booking.deposit_cents and v_booking.status = 'confirmed'
        and exists (select 1 from public.notifications n
                    where n.booking_id = v_booking.id and n.kind = 'booking_confirmed') then
    return null;
  else
    v_kind := 'payment_received';
  end if;
  v_payload := app.booking_notice_payload(v_booking) || jsonb_build_object(
    'audience', 'customer', 'amount_cents', new.amount_cents, 'method', new.method);
  insert into public.notifications (kind, recipient, booking_id, payload)
  values (v_kind, v_payload ->> 'customer_email', v_booking.id, v_payload);
  return null;
end
$$;

-- After payments_confirm_on_deposit (trigger order is by name).
create trigger payments_zz_enqueue_notice after insert on public.payments
  for each row execute function app.enqueue_payment_notice();

-- 5. Reminders, queued by the jobs tick at the app's clock (p_now):
--   deposit_reminder    pending_deposit, 12 h before deposit_due_at
--   event_reminder_7d   confirmed, 7 days before the start (bookings that
--                       existed then), until 48 h before
--   event_reminder_48h  confirmed, 48 hours before the start
-- Once per booking and recipient (notifications_once_idx), whichever
-- instance runs first. Answers the number of rows queued.
create or replace function app.enqueue_due_reminders(p_now timestamptz)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_n integer;
begin
  with candidates as (
    select b.*, app.event_starts_at(b.event_date, b.slot_time, l.timezone) as starts_at
    from public.bookings b join public.locations l on l.id = b.location_id
    where (b.status = 'pending_deposit' and b.deposit_due_at > p_now
           and b.deposit_due_at <= p_now + interval '12 hours')
       or (b.status = 'confirmed'
           and b.event_date between (p_now - interval '1 day')::date and (p_now + interval '9 days')::date)
  ), due as (
    select c.id, 'deposit_reminder' as kind from candidates c
    where c.status = 'pending_deposit' and c.deposit_due_at > p_now
      and c.deposit_due_at - interval '12 hours' <= p_now
    union all
    select c.id, 'event_reminder_7d' from candidates c
    where c.status = 'confirmed' and c.starts_at - interval '7 days' <= p_now
      and c.starts_at - interval '48 hours' > p_now
      and c.created_at <= c.starts_at - interval '7 days'
    union all
    select c.id, 'event_reminder_48h' from candidates c
    where c.status = 'confirmed' and c.starts_at - interval '48 hours' <= p_now
      and c.starts_at > p_now
  ), payloads as (
    select d.id, d.kind, app.booking_notice_payload(b)
      || jsonb_build_object('audience', 'customer', 'deposit_due_at', b.deposit_due_at) as payload
    from due d join public.bookings b on b.id = d.id
  )
  insert into public.notifications (kind, recipient, booking_id, payload)
  select p.kind, p.payload ->> 'customer_email', p.id, p.payload from payloads p
  on conflict (booking_id, kind, recipient)
    where kind in ('deposit_reminder', 'event_reminder_7d', 'event_reminder_48h')
  do nothing;
  get diagnostics v_n = row_count;
  return v_n;
end
$$;

revoke execute on function
  app.enqueue_payment_notice(),
  app.enqueue_due_reminders(timestamptz)
from public, anon, authenticated;
grant execute on function app.enqueue_due_reminders(timestamptz) to service_role;
