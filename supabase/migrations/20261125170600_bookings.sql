-- Bookings and slot holds, with the slot-capacity and chef invariants
-- enforced under any concurrency (docs/adr/0002-slot-capacity-concurrency.md).

-- Statuses whose booking keeps a chef (and so a unit of slot capacity), SPEC §2.
create or replace function app.holds_chef(p_status text) returns boolean
language sql immutable
set search_path = ''
as $$ select p_status in ('pending_deposit', 'confirmed', 'completed') $$;

-- Human-friendly reference: MH- and 6 characters without look-alikes (0/O, 1/I/L, U).
create or replace function app.new_booking_reference() returns text
language sql volatile
set search_path = ''
as $$
  select 'MH-' || string_agg(
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + floor(random() * 30)::int, 1), '')
  from generate_series(1, 6)
$$;

create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  reference text not null default app.new_booking_reference()
    check (reference ~ '^MH-[0-9A-Z]{6}$'),
  status text not null default 'pending_deposit' check (status in (
    'pending_deposit', 'confirmed', 'completed', 'cancellation_requested',
    'cancelled', 'expired', 'no_show'
  )),
  location_id uuid not null references public.locations (id),
  event_date date not null,
  slot_time text not null check (app.is_slot_time(slot_time)),
  adults integer not null check (adults >= 0),
  children integer not null default 0 check (children >= 0),
  under6 integer not null default 0 check (under6 >= 0),
  -- {code: servings}; validated against the menu by the server's quote.
  proteins jsonb not null default '{}' check (jsonb_typeof(proteins) = 'object'),
  extra_proteins jsonb not null default '{}' check (jsonb_typeof(extra_proteins) = 'object'),
  addons jsonb not null default '{}' check (jsonb_typeof(addons) = 'object'),
  address_line1 text not null check (length(address_line1) between 1 and 200),
  address_line2 text check (length(address_line2) <= 200),
  city text not null check (length(city) between 1 and 100),
  state text not null check (state ~ '^[A-Z]{2}$'),
  zip text not null check (app.is_zip(zip)),
  customer_id uuid not null references public.customers (id),
  -- The server-computed quote at booking time (SPEC §5 quote shape).
  quote jsonb not null check (jsonb_typeof(quote) = 'object'),
  total_cents integer not null check (total_cents >= 0),
  deposit_cents integer not null check (deposit_cents >= 0),
  -- sha256 hex of the secret manage token; the token itself is never stored.
  manage_token_hash text not null check (manage_token_hash ~ '^[0-9a-f]{64}$'),
  chef_id uuid references public.chefs (id),
  deposit_due_at timestamptz,
  payment_method text not null default 'card'
    check (payment_method in ('card', 'zelle', 'venmo')),
  notes text check (length(notes) <= 1000),
  reschedule_count integer not null default 0 check (reschedule_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint bookings_reference_key unique (reference),
  constraint bookings_manage_token_hash_key unique (manage_token_hash),
  constraint bookings_party_size check (adults + children >= 1 and adults + children + under6 <= 50),
  constraint bookings_deposit_within_total check (deposit_cents <= total_cents)
);
create index bookings_slot_idx on public.bookings (location_id, event_date, slot_time);
create index bookings_customer_id_idx on public.bookings (customer_id);
create index bookings_status_idx on public.bookings (status, deposit_due_at);
-- A chef is never in two places at once: one chef-holding booking per chef and slot.
create unique index bookings_chef_slot_key on public.bookings (chef_id, event_date, slot_time)
  where chef_id is not null and status in ('pending_deposit', 'confirmed', 'completed');

create trigger bookings_touch_updated_at before update on public.bookings
  for each row execute function app.touch_updated_at();

-- A hold keeps one unit of a slot while the customer checks out.
create table public.holds (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references public.locations (id),
  event_date date not null,
  slot_time text not null check (app.is_slot_time(slot_time)),
  expires_at timestamptz not null,
  converted_booking_id uuid references public.bookings (id),
  created_at timestamptz not null default now()
);
create index holds_slot_idx on public.holds (location_id, event_date, slot_time, expires_at);

alter table public.bookings enable row level security;
alter table public.holds enable row level security;

-- Capacity of a slot (SPEC §2): active chefs of the location who work that ISO
-- weekday with no approved time off that date; 0 on blackout dates and for
-- times that are not one of the configured slot times.
create or replace function app.slot_capacity(p_location uuid, p_date date, p_slot text)
returns integer
language sql stable security definer
set search_path = ''
as $$
  select case
    when not exists (select 1 from public.pricing_settings ps where p_slot = any (ps.slot_times))
      then 0
    when exists (select 1 from public.blackout_dates b
                 where b.location_id = p_location and b.blackout_date = p_date)
      then 0
    else (
      select count(*)::int from public.chefs c
      where c.location_id = p_location
        and c.active
        and extract(isodow from p_date)::smallint = any (c.weekdays)
        and not exists (
          select 1 from public.chef_time_off t
          where t.chef_id = c.id and t.status = 'approved'
            and p_date between t.starts_on and t.ends_on
        )
    )
  end
$$;

-- Units of a slot in use: chef-holding bookings + unexpired, unconverted holds.
create or replace function app.slot_reserved(
  p_location uuid, p_date date, p_slot text,
  p_except_booking uuid default null, p_except_hold uuid default null
) returns integer
language sql stable security definer
set search_path = ''
as $$
  select (
    select count(*)::int from public.bookings b
    where b.location_id = p_location and b.event_date = p_date and b.slot_time = p_slot
      and app.holds_chef(b.status)
      and b.id is distinct from p_except_booking
  ) + (
    select count(*)::int from public.holds h
    where h.location_id = p_location and h.event_date = p_date and h.slot_time = p_slot
      and h.expires_at > now()
      and h.converted_booking_id is null
      and h.id is distinct from p_except_hold
  )
$$;

-- Serialise every writer of one slot: a transaction-scoped advisory lock
-- keyed by (location, date, slot). Taken before counting, released at commit.
create or replace function app.lock_slot(p_location uuid, p_date date, p_slot text)
returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  -- REPEATABLE READ would count with a snapshot older than the lock.
  if current_setting('transaction_isolation') = 'repeatable read' then
    raise exception 'slot writes need READ COMMITTED or SERIALIZABLE isolation'
      using errcode = '25001';
  end if;
  perform pg_advisory_xact_lock(
    hashtextextended(p_location::text || '|' || p_date::text || '|' || p_slot, 7243));
end
$$;

-- Raise the `slot_capacity` check violation when the slot has no unit left.
create or replace function app.assert_slot_free(
  p_table text, p_location uuid, p_date date, p_slot text,
  p_except_booking uuid, p_except_hold uuid
) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  v_capacity integer;
  v_reserved integer;
begin
  perform app.lock_slot(p_location, p_date, p_slot);
  -- Each statement below takes a fresh snapshot (READ COMMITTED), so it sees
  -- every competitor that committed before we got the lock.
  v_capacity := app.slot_capacity(p_location, p_date, p_slot);
  v_reserved := app.slot_reserved(p_location, p_date, p_slot, p_except_booking, p_except_hold);
  if v_reserved + 1 > v_capacity then
    raise exception 'SLOT_FULL: % % at % has capacity % and % reserved',
        p_location, p_date, p_slot, v_capacity, v_reserved
      using errcode = 'check_violation', constraint = 'slot_capacity',
            table = p_table, schema = 'public';
  end if;
end
$$;

-- Legal status transitions (SPEC §2 Booking lifecycle). Same status is a no-op.
create or replace function app.booking_transition_allowed(p_from text, p_to text)
returns boolean
language sql immutable
set search_path = ''
as $$
  select p_from = p_to or (p_from, p_to) in (
    ('pending_deposit', 'confirmed'),
    ('pending_deposit', 'expired'),
    ('pending_deposit', 'cancelled'),
    ('pending_deposit', 'cancellation_requested'),
    ('confirmed', 'completed'),
    ('confirmed', 'cancelled'),
    ('confirmed', 'cancellation_requested'),
    ('confirmed', 'no_show'),
    -- approval, or rejection back to where the booking was
    ('cancellation_requested', 'cancelled'),
    ('cancellation_requested', 'confirmed'),
    ('cancellation_requested', 'pending_deposit'),
    ('cancellation_requested', 'expired')
  )
$$;

create or replace function app.bookings_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_chef record;
begin
  if tg_op = 'UPDATE' and not app.booking_transition_allowed(old.status, new.status) then
    raise exception 'illegal booking status transition % -> %', old.status, new.status
      using errcode = 'check_violation', constraint = 'bookings_status_transition',
            table = 'bookings', schema = 'public';
  end if;
  if tg_op = 'UPDATE' and (new.reference <> old.reference or new.created_at <> old.created_at) then
    raise exception 'booking reference and created_at are immutable'
      using errcode = 'check_violation', constraint = 'bookings_immutable_columns',
            table = 'bookings', schema = 'public';
  end if;
  -- Capacity: check whenever a row starts holding a unit of a slot.
  if app.holds_chef(new.status) and (
    tg_op = 'INSERT'
    or not app.holds_chef(old.status)
    or (new.location_id, new.event_date, new.slot_time)
       is distinct from (old.location_id, old.event_date, old.slot_time)
  ) then
    perform app.assert_slot_free('bookings', new.location_id, new.event_date, new.slot_time,
                                 new.id, null);
  end if;
  if new.chef_id is not null and (tg_op = 'INSERT' or new.chef_id is distinct from old.chef_id
                                  or new.location_id <> old.location_id) then
    select c.location_id, c.active into v_chef from public.chefs c where c.id = new.chef_id;
    if not found or v_chef.location_id <> new.location_id or not v_chef.active then
      raise exception 'chef % is not an active chef of location %', new.chef_id, new.location_id
        using errcode = 'check_violation', constraint = 'bookings_chef_of_location',
              table = 'bookings', schema = 'public';
    end if;
  end if;
  return new;
end
$$;

create trigger bookings_guard before insert or update on public.bookings
  for each row execute function app.bookings_guard();

create or replace function app.holds_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.expires_at <= now() then
      raise exception 'hold expires in the past'
        using errcode = 'check_violation', constraint = 'holds_expiry_in_future',
              table = 'holds', schema = 'public';
    end if;
    perform app.assert_slot_free('holds', new.location_id, new.event_date, new.slot_time,
                                 null, new.id);
    return new;
  end if;
  -- Updates may only release a hold (earlier expiry) or link its booking.
  if (new.location_id, new.event_date, new.slot_time, new.created_at)
     is distinct from (old.location_id, old.event_date, old.slot_time, old.created_at)
     or new.expires_at > old.expires_at then
    raise exception 'holds can only be released or converted'
      using errcode = 'check_violation', constraint = 'holds_release_only',
            table = 'holds', schema = 'public';
  end if;
  return new;
end
$$;

create trigger holds_guard before insert or update on public.holds
  for each row execute function app.holds_guard();
