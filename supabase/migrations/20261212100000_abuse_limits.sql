-- Abuse limits (SPEC §2 Availability, issue 9, ADR 0015): one client keeps at
-- most 2 unexpired holds; at most 3 unpaid bookings per email, per phone and
-- per client in 24 hours. Over a limit the customer entry points raise the
-- `too_many_pending` check violation (the API answers 429 TOO_MANY_PENDING).
-- Counted in the database under advisory locks, so the limits hold across
-- any number of app instances and under concurrent requests.
--
-- "Client" is the keyed hash of the client's IP (lib/contact/ip_hash.ts,
-- IP_HASH_SECRET) as the server resolved it (TRUST_PROXY); the address itself
-- is never stored. The raw primitives app.create_hold / app.create_booking
-- (seed, tests, staff tooling) stay unlimited; the customer entry points
-- app.create_customer_hold / app.create_customer_booking enforce the limits
-- unless the server says they are off (RATE_LIMITS=off, load tests only).

-- The numbers (admin-editable, one row like pricing_settings).
create table public.abuse_limits (
  id smallint primary key default 1 check (id = 1),
  max_holds_per_client integer not null default 2 check (max_holds_per_client between 1 and 100),
  max_unpaid_bookings integer not null default 3 check (max_unpaid_bookings between 1 and 100),
  unpaid_window_hours integer not null default 24 check (unpaid_window_hours between 1 and 720),
  updated_at timestamptz not null default now(),
  updated_by uuid references public.staff (user_id) on delete set null
);
comment on table public.abuse_limits is
  'Single row (id = 1): holds per client; unpaid bookings per email/phone/client within unpaid_window_hours.';
insert into public.abuse_limits (id) values (1);

create trigger abuse_limits_touch_updated_at before update on public.abuse_limits
  for each row execute function app.touch_updated_at();

alter table public.abuse_limits enable row level security;
create policy "staff read abuse limits" on public.abuse_limits
  for select to authenticated using ((select app.is_staff()));
create policy "admins update abuse limits" on public.abuse_limits
  for update to authenticated using ((select app.is_admin())) with check ((select app.is_admin()));

-- Who asked: the keyed hash of the client IP (64 hex), on holds and bookings.
alter table public.holds add column client_hash text
  check (client_hash ~ '^[0-9a-f]{64}$');
alter table public.bookings add column client_hash text
  check (client_hash ~ '^[0-9a-f]{64}$');
create index holds_client_idx on public.holds (client_hash, expires_at)
  where client_hash is not null and converted_booking_id is null;
create index bookings_unpaid_client_idx on public.bookings (client_hash, created_at)
  where client_hash is not null and status = 'pending_deposit';

-- A phone number as a comparison key: its digits, without the North American
-- country code 1 ("+1 (510) 555-0100" and "510.555.0100" are one phone).
create or replace function app.phone_key(p text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when d ~ '^1[0-9]{10}$' then substr(d, 2)
    else nullif(d, '')
  end
  from (select regexp_replace(coalesce(p, ''), '[^0-9]', '', 'g') as d) x
$$;
create index customers_phone_key_idx on public.customers (app.phone_key(phone));

-- The booking's client comes from the transaction (set by
-- app.create_customer_booking), so app.create_booking stays as it is.
create or replace function app.bookings_client_hash() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.client_hash is null then
    new.client_hash := nullif(current_setting('app.client_hash', true), '');
  end if;
  return new;
end
$$;
create trigger bookings_client_hash before insert on public.bookings
  for each row execute function app.bookings_client_hash();

-- Raise the limit error. p_which: holds | email | phone | client.
create or replace function app.too_many_pending(p_which text, p_limit integer, p_table text)
returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  raise exception 'TOO_MANY_PENDING: % limit of % reached', p_which, p_limit
    using errcode = 'check_violation', constraint = 'too_many_pending',
          table = p_table, schema = 'public', detail = p_which;
end
$$;

-- Serialise everyone counting against one key until commit (cf. app.lock_slot).
create or replace function app.lock_pending_key(p_kind text, p_value text) returns void
language sql volatile
set search_path = ''
as $$
  select pg_advisory_xact_lock(hashtextextended(p_kind || '|' || p_value, 7244))
$$;

-- Unpaid-booking limits for a new booking by (email, phone, client). Takes
-- the keys' locks in one order (no deadlocks between requests sharing some
-- keys), then counts with fresh snapshots (READ COMMITTED: each statement
-- sees every competitor that committed before the lock was granted).
create or replace function app.assert_unpaid_limits(p_email text, p_phone text, p_client text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_limits public.abuse_limits;
  v_since timestamptz;
  v_phone text := app.phone_key(p_phone);
  v_key record;
  v_count integer;
begin
  if current_setting('transaction_isolation') = 'repeatable read' then
    raise exception 'limit checks need READ COMMITTED or SERIALIZABLE isolation'
      using errcode = '25001';
  end if;
  select * into v_limits from public.abuse_limits where id = 1;
  if not found then
    return;
  end if;
  for v_key in
    select k.kind, k.value from (values
      ('email', lower(p_email)), ('phone', v_phone), ('client', p_client)
    ) k(kind, value)
    where k.value is not null and k.value <> ''
    order by k.kind, k.value
  loop
    perform app.lock_pending_key('unpaid-' || v_key.kind, v_key.value);
  end loop;
  v_since := now() - make_interval(hours => v_limits.unpaid_window_hours);

  if p_email is not null then
    select count(*)::int into v_count
    from public.bookings b join public.customers c on c.id = b.customer_id
    where c.email operator(extensions.=) p_email::extensions.citext
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_limits.max_unpaid_bookings then
      perform app.too_many_pending('email', v_limits.max_unpaid_bookings, 'bookings');
    end if;
  end if;
  if v_phone is not null then
    select count(*)::int into v_count
    from public.bookings b join public.customers c on c.id = b.customer_id
    where app.phone_key(c.phone) = v_phone
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_limits.max_unpaid_bookings then
      perform app.too_many_pending('phone', v_limits.max_unpaid_bookings, 'bookings');
    end if;
  end if;
  if p_client is not null then
    select count(*)::int into v_count
    from public.bookings b
    where b.client_hash = p_client
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_limits.max_unpaid_bookings then
      perform app.too_many_pending('client', v_limits.max_unpaid_bookings, 'bookings');
    end if;
  end if;
end
$$;

-- Hold limit of one client.
create or replace function app.assert_hold_limit(p_client text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_max integer;
  v_count integer;
begin
  if p_client is null then
    return;
  end if;
  if current_setting('transaction_isolation') = 'repeatable read' then
    raise exception 'limit checks need READ COMMITTED or SERIALIZABLE isolation'
      using errcode = '25001';
  end if;
  select l.max_holds_per_client into v_max from public.abuse_limits l where l.id = 1;
  if v_max is null then
    return;
  end if;
  perform app.lock_pending_key('holds-client', p_client);
  select count(*)::int into v_count from public.holds h
  where h.client_hash = p_client and h.expires_at > now() and h.converted_booking_id is null;
  if v_count >= v_max then
    perform app.too_many_pending('holds', v_max, 'holds');
  end if;
end
$$;

-- The customer's hold (POST /api/holds, the booking wizard): the hold limit
-- of p_client (unless p_limits is false), then one unit of the slot for
-- pricing_settings.hold_minutes.
create or replace function app.create_customer_hold(
  p_location uuid, p_event_date date, p_slot_time text,
  p_client text, p_limits boolean default true
) returns public.holds
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_hold public.holds;
begin
  if not exists (select 1 from public.locations l where l.id = p_location and l.active) then
    raise exception 'unknown location %', p_location using errcode = 'P0002';
  end if;
  if coalesce(p_limits, true) then
    perform app.assert_hold_limit(p_client);
  end if;
  insert into public.holds (location_id, event_date, slot_time, expires_at, client_hash)
  values (p_location, p_event_date, p_slot_time,
          now() + make_interval(mins => (select ps.hold_minutes from public.pricing_settings ps where ps.id = 1)),
          p_client)
  returning * into v_hold;
  return v_hold;
end
$$;

-- POST /api/bookings: the unpaid limits (payload `client_hash`, and
-- `abuse_limits: false` turns them off), then app.create_booking and the
-- audit row, in one transaction.
create or replace function app.create_customer_booking(p_booking jsonb)
returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_client text := nullif(p_booking ->> 'client_hash', '');
begin
  if coalesce((p_booking ->> 'abuse_limits')::boolean, true) then
    perform app.assert_unpaid_limits(
      p_booking -> 'customer' ->> 'email', p_booking -> 'customer' ->> 'phone', v_client);
  end if;
  perform set_config('app.client_hash', coalesce(v_client, ''), true);
  select * into v_booking from app.create_booking(p_booking);
  perform set_config('app.client_hash', '', true);
  insert into public.audit_log (actor, action, entity, entity_id, details)
  values ('customer', 'booking.created', 'booking', v_booking.id::text,
    jsonb_build_object(
      'reference', v_booking.reference,
      'location_id', v_booking.location_id,
      'event_date', v_booking.event_date,
      'slot_time', v_booking.slot_time,
      'total_cents', v_booking.total_cents,
      'payment_method', v_booking.payment_method,
      'hold_id', p_booking ->> 'hold_id'));
  return v_booking;
end
$$;

revoke execute on function
  app.bookings_client_hash(),
  app.too_many_pending(text, integer, text),
  app.lock_pending_key(text, text),
  app.assert_unpaid_limits(text, text, text),
  app.assert_hold_limit(text)
from public;
revoke execute on function app.create_customer_hold(uuid, date, text, text, boolean) from public;
grant execute on function app.create_customer_hold(uuid, date, text, text, boolean)
  to anon, authenticated, service_role;
grant execute on function app.phone_key(text) to anon, authenticated, service_role;
