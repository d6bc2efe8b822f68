-- Booking notifications into the outbox (public.notifications), in the same
-- transaction as the booking change they announce (engineer L, ADR 0004).
-- The outbox worker (lib/notifications/outbox.ts) renders and sends them.

-- History replays (supabase/seed/history.sql sets app.event_at*) and bulk
-- imports must not mail real people about past events; app.notify = 'off'
-- mutes explicitly.
create or replace function app.notifications_muted() returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(current_setting('app.notify', true), '') = 'off'
      or coalesce(current_setting('app.event_at', true), '') <> ''
      or coalesce(current_setting('app.event_at_by_booking', true), '') <> ''
$$;

-- What every booking message shows: facts read from the row itself, never
-- from the caller. No token hash, no token.
create or replace function app.booking_notice_payload(p_booking public.bookings)
returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'reference', p_booking.reference,
    'status', p_booking.status,
    'event_date', p_booking.event_date,
    'slot_time', p_booking.slot_time,
    'timezone', l.timezone,
    'location_name', l.name,
    'adults', p_booking.adults,
    'children', p_booking.children,
    'under6', p_booking.under6,
    'address', concat_ws(', ', p_booking.address_line1, p_booking.address_line2,
                         p_booking.city, p_booking.state || ' ' || p_booking.zip),
    'customer_name', c.name,
    'customer_email', c.email::text,
    'customer_phone', c.phone,
    'payment_method', p_booking.payment_method,
    'total_cents', p_booking.total_cents,
    'deposit_cents', p_booking.deposit_cents,
    'paid_cents', (
      select coalesce(sum(case when p.kind = 'refund' then -p.amount_cents else p.amount_cents end), 0)
      from public.payments p where p.booking_id = p_booking.id))
  from public.locations l, public.customers c
  where l.id = p_booking.location_id and c.id = p_booking.customer_id
$$;

-- booking_created: the customer's mail with the manage link (the raw token
-- exists only in the creating request, so the server passes the URL in) and
-- one staff alert per active manager of the booking's location. Proof of
-- the token is required, so nobody can make us mail a booking's customer
-- without holding its link. Idempotent per booking; returns rows queued.
create or replace function app.enqueue_booking_created(
  p_reference text, p_token text, p_manage_url text, p_payment jsonb
) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_base jsonb;
  v_staff integer;
begin
  v_booking := app.booking_by_token(p_reference, p_token);
  if v_booking.id is null or app.notifications_muted() then
    return 0;
  end if;
  if p_manage_url !~ '^https?://' or strpos(p_manage_url, p_token) = 0 then
    raise exception 'manage url must be an http(s) URL carrying the token'
      using errcode = '22023';
  end if;
  if exists (select 1 from public.notifications n
             where n.booking_id = v_booking.id and n.kind = 'booking_created') then
    return 0;
  end if;
  v_base := app.booking_notice_payload(v_booking);

  insert into public.notifications (kind, recipient, booking_id, payload)
  values ('booking_created', v_base ->> 'customer_email', v_booking.id,
          v_base || jsonb_build_object(
            'audience', 'customer',
            'manage_url', p_manage_url,
            'deposit_due_at', v_booking.deposit_due_at,
            'payment', coalesce(p_payment, '{}')));

  -- Staff alerts carry no manage link: it is the customer's secret.
  insert into public.notifications (kind, recipient, booking_id, payload)
  select 'booking_created', s.email::text, v_booking.id,
         v_base || jsonb_build_object('audience', 'staff', 'booking_id', v_booking.id)
  from public.staff s
  join public.staff_locations sl on sl.user_id = s.user_id
  where s.active and s.role = 'manager' and sl.location_id = v_booking.location_id;
  get diagnostics v_staff = row_count;
  return 1 + v_staff;
end
$$;

revoke execute on function app.enqueue_booking_created(text, text, text, jsonb) from public;
grant execute on function app.enqueue_booking_created(text, text, text, jsonb)
  to anon, authenticated, service_role;

-- Lifecycle mail to the customer for every path that changes a booking
-- (Stripe webhook, staff payment, manage link, manager approval): a trigger,
-- so it commits or rolls back with the change itself.
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

create trigger bookings_enqueue_notice after update on public.bookings
  for each row execute function app.enqueue_booking_notice();

-- The worker claims with `for update skip locked`; rows left in 'sending' by
-- a crashed worker come back once their lease (send_after) has passed.
create index notifications_sending_idx on public.notifications (send_after)
  where status = 'sending';

revoke execute on function
  app.notifications_muted(),
  app.booking_notice_payload(public.bookings),
  app.enqueue_booking_notice()
from public;
