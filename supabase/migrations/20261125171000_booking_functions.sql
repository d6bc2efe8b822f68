-- Server-only entry points for customers (no account): holds, bookings and
-- the manage-token flows. They live in `app`, which PostgREST does not expose,
-- so only our server (connected directly, running as anon/authenticated via
-- withClaims) can call them; a browser with the anon key cannot (ADR 0003).
-- Business rules (quote, booking window, fees) are computed by the server in
-- lib/ and passed in; the database enforces the invariants.

-- Hold one unit of a slot for pricing_settings.hold_minutes.
create or replace function app.create_hold(p_location uuid, p_event_date date, p_slot_time text)
returns public.holds
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_hold public.holds;
begin
  if not exists (select 1 from public.locations l where l.id = p_location and l.active) then
    raise exception 'unknown location %', p_location using errcode = 'P0002';
  end if;
  insert into public.holds (location_id, event_date, slot_time, expires_at)
  values (p_location, p_event_date, p_slot_time,
          now() + make_interval(mins => (select ps.hold_minutes from public.pricing_settings ps where ps.id = 1)))
  returning * into v_hold;
  return v_hold;
end
$$;

-- Release a hold early (customer left the checkout).
create or replace function app.release_hold(p_hold uuid) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  with released as (
    update public.holds set expires_at = least(expires_at, now())
    where id = p_hold and converted_booking_id is null and expires_at > now()
    returning 1
  )
  select exists (select 1 from released)
$$;

-- Create a booking from a server-validated request. p_booking keys:
-- location_id, event_date, slot_time, hold_id?, adults, children, under6,
-- proteins, extra_proteins, addons, address_line1, address_line2?, city,
-- state, zip, quote, total_cents, deposit_cents, manage_token_hash,
-- deposit_due_at, payment_method, notes?, customer {email, name, phone}.
-- The customer's own unexpired hold on the same slot is consumed, so it does
-- not count against the booking that replaces it.
create or replace function app.create_booking(p_booking jsonb)
returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_customer_id uuid;
  v_hold public.holds;
  v_booking public.bookings;
  v_location uuid := (p_booking ->> 'location_id')::uuid;
  v_date date := (p_booking ->> 'event_date')::date;
  v_slot text := p_booking ->> 'slot_time';
  v_attempt integer := 0;
begin
  if not exists (select 1 from public.locations l where l.id = v_location and l.active) then
    raise exception 'unknown location %', v_location using errcode = 'P0002';
  end if;
  insert into public.customers as c (email, name, phone)
  values (p_booking -> 'customer' ->> 'email', p_booking -> 'customer' ->> 'name',
          p_booking -> 'customer' ->> 'phone')
  on conflict (email) do update set name = excluded.name,
    phone = coalesce(excluded.phone, c.phone)
  returning c.id into v_customer_id;

  if p_booking ? 'hold_id' and p_booking ->> 'hold_id' is not null then
    perform app.lock_slot(v_location, v_date, v_slot);
    select * into v_hold from public.holds h
    where h.id = (p_booking ->> 'hold_id')::uuid
      and h.location_id = v_location and h.event_date = v_date and h.slot_time = v_slot
      and h.converted_booking_id is null and h.expires_at > now()
    for update;
    if found then
      -- Release first so the capacity check does not count it twice.
      update public.holds set expires_at = now() where id = v_hold.id;
    end if;
  end if;

  loop
    begin
      insert into public.bookings (
        status, location_id, event_date, slot_time, adults, children, under6,
        proteins, extra_proteins, addons, address_line1, address_line2, city, state, zip,
        customer_id, quote, total_cents, deposit_cents, manage_token_hash, deposit_due_at,
        payment_method, notes
      ) values (
        'pending_deposit', v_location, v_date, v_slot,
        coalesce((p_booking ->> 'adults')::int, 0),
        coalesce((p_booking ->> 'children')::int, 0),
        coalesce((p_booking ->> 'under6')::int, 0),
        coalesce(p_booking -> 'proteins', '{}'), coalesce(p_booking -> 'extra_proteins', '{}'),
        coalesce(p_booking -> 'addons', '{}'),
        p_booking ->> 'address_line1', p_booking ->> 'address_line2', p_booking ->> 'city',
        p_booking ->> 'state', p_booking ->> 'zip',
        v_customer_id, p_booking -> 'quote',
        (p_booking ->> 'total_cents')::int, (p_booking ->> 'deposit_cents')::int,
        p_booking ->> 'manage_token_hash', (p_booking ->> 'deposit_due_at')::timestamptz,
        coalesce(p_booking ->> 'payment_method', 'card'), p_booking ->> 'notes'
      ) returning * into v_booking;
      exit;
    exception when unique_violation then
      -- A reference collision (1 in ~7e8) gets a fresh default; anything else re-raises.
      get stacked diagnostics v_slot = constraint_name;
      if v_slot <> 'bookings_reference_key' or v_attempt >= 3 then
        raise;
      end if;
      v_slot := p_booking ->> 'slot_time';
      v_attempt := v_attempt + 1;
    end;
  end loop;

  if v_hold.id is not null then
    update public.holds set converted_booking_id = v_booking.id where id = v_hold.id;
  end if;
  return v_booking;
end
$$;

-- The booking a manage token opens, or nothing (wrong reference or token).
create or replace function app.booking_by_token(p_reference text, p_token text)
returns public.bookings
language sql stable security definer
set search_path = ''
as $$
  select b.* from public.bookings b
  where b.reference = upper(p_reference)
    and b.manage_token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
$$;

-- The customer's view of one booking: booking fields (no token hash),
-- customer contact, payments ledger, amounts paid and due, and history.
create or replace function app.booking_view_by_token(p_reference text, p_token text)
returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'booking', to_jsonb(b) - 'manage_token_hash',
    'location', jsonb_build_object('id', l.id, 'slug', l.slug, 'name', l.name, 'timezone', l.timezone),
    'customer', jsonb_build_object('name', c.name, 'email', c.email, 'phone', c.phone),
    'payments', coalesce((
      select jsonb_agg(jsonb_build_object(
        'kind', p.kind, 'method', p.method, 'amount_cents', p.amount_cents, 'created_at', p.created_at)
        order by p.created_at)
      from public.payments p where p.booking_id = b.id), '[]'),
    'paid_cents', (
      select coalesce(sum(case when p.kind = 'refund' then -p.amount_cents else p.amount_cents end), 0)
      from public.payments p where p.booking_id = b.id),
    'events', coalesce((
      select jsonb_agg(jsonb_build_object('type', e.type, 'actor', e.actor, 'at', e.at) order by e.at)
      from public.booking_events e where e.booking_id = b.id), '[]')
  )
  from app.booking_by_token(p_reference, p_token) b
  join public.locations l on l.id = b.location_id
  join public.customers c on c.id = b.customer_id
  where b.id is not null
$$;

-- Customer asks to cancel (a manager approves or rejects it).
create or replace function app.request_cancellation(p_reference text, p_token text, p_reason text)
returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
begin
  v_booking := app.booking_by_token(p_reference, p_token);
  if v_booking.id is null then
    return null;
  end if;
  perform set_config('app.actor', 'customer', true);
  perform set_config('app.event_note', left(coalesce(p_reason, ''), 2000), true);
  update public.bookings set status = 'cancellation_requested'
  where id = v_booking.id
  returning * into v_booking;
  perform set_config('app.event_note', '', true);
  return v_booking;
end
$$;

-- Move a booking to another slot; the capacity trigger checks the new slot.
-- p_fee_cents comes from the reschedule policy in lib/ and is added to the total.
create or replace function app.reschedule_booking(
  p_reference text, p_token text, p_event_date date, p_slot_time text, p_fee_cents integer
) returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
begin
  if p_fee_cents is null or p_fee_cents < 0 then
    raise exception 'reschedule fee must be >= 0' using errcode = '22023';
  end if;
  v_booking := app.booking_by_token(p_reference, p_token);
  if v_booking.id is null then
    return null;
  end if;
  if v_booking.status not in ('pending_deposit', 'confirmed') then
    raise exception 'a % booking cannot be rescheduled', v_booking.status
      using errcode = 'check_violation', constraint = 'bookings_reschedulable',
            table = 'bookings', schema = 'public';
  end if;
  perform set_config('app.actor', 'customer', true);
  update public.bookings set
    event_date = p_event_date,
    slot_time = p_slot_time,
    -- The chef was assigned to the old slot; the new one is assigned again.
    chef_id = null,
    reschedule_count = reschedule_count + 1,
    total_cents = total_cents + p_fee_cents
  where id = v_booking.id
  returning * into v_booking;
  return v_booking;
end
$$;

revoke execute on function
  app.create_hold(uuid, date, text),
  app.release_hold(uuid),
  app.create_booking(jsonb),
  app.booking_by_token(text, text),
  app.booking_view_by_token(text, text),
  app.request_cancellation(text, text, text),
  app.reschedule_booking(text, text, date, text, integer)
from public;
grant execute on function
  app.create_hold(uuid, date, text),
  app.release_hold(uuid),
  app.create_booking(jsonb),
  app.booking_by_token(text, text),
  app.booking_view_by_token(text, text),
  app.request_cancellation(text, text, text),
  app.reschedule_booking(text, text, date, text, integer)
to anon, authenticated, service_role;
