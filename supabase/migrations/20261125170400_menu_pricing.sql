-- Menu, prices and business settings (SPEC §2), editable by admins.
create table public.menu_items (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z][a-z0-9_]*$'),
  kind text not null check (kind in ('protein', 'addon')),
  label text not null check (length(label) between 1 and 100),
  description text check (length(description) <= 1000),
  -- Per serving, on top of the base price; 0 for base proteins.
  premium_surcharge_cents integer not null default 0 check (premium_surcharge_cents >= 0),
  -- Per serving, add-ons only.
  price_cents integer not null default 0 check (price_cents >= 0),
  active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint menu_items_price_by_kind check (
    (kind = 'protein' and price_cents = 0)
    or (kind = 'addon' and premium_surcharge_cents = 0)
  )
);

create trigger menu_items_touch_updated_at before update on public.menu_items
  for each row execute function app.touch_updated_at();

create or replace function app.are_slot_times(p text[]) returns boolean
language sql immutable
set search_path = ''
as $$
  select cardinality(p) between 1 and 24
     and (select bool_and(app.is_slot_time(t)) from unnest(p) t)
     and cardinality(p) = (select count(distinct t) from unnest(p) t)
$$;

-- One global row (id = 1): every location charges the same prices today.
-- A per-location table can replace it later without changing column names.
create table public.pricing_settings (
  id smallint primary key default 1 check (id = 1),
  adult_price_cents integer not null default 5500 check (adult_price_cents >= 0),
  child_price_cents integer not null default 3000 check (child_price_cents >= 0),
  extra_protein_cents integer not null default 1000 check (extra_protein_cents >= 0),
  proteins_per_guest integer not null default 2 check (proteins_per_guest between 1 and 10),
  minimum_food_cents integer not null default 55000 check (minimum_food_cents >= 0),
  free_travel_miles integer not null default 30 check (free_travel_miles >= 0),
  travel_fee_per_mile_cents integer not null default 200 check (travel_fee_per_mile_cents >= 0),
  max_travel_miles integer not null default 150 check (max_travel_miles >= 0),
  sales_tax_bps integer not null default 825 check (sales_tax_bps between 0 and 10000),
  deposit_cents integer not null default 10000 check (deposit_cents >= 0),
  max_party_size integer not null default 50 check (max_party_size between 1 and 50),
  hold_minutes integer not null default 15 check (hold_minutes between 1 and 240),
  min_lead_hours integer not null default 48 check (min_lead_hours >= 0),
  max_lead_days integer not null default 365 check (max_lead_days between 1 and 1000),
  deposit_due_hours integer not null default 24 check (deposit_due_hours >= 1),
  free_cancellation_hours integer not null default 96 check (free_cancellation_hours >= 0),
  free_reschedule_hours integer not null default 24 check (free_reschedule_hours >= 0),
  reschedule_fee_cents integer not null default 10000 check (reschedule_fee_cents >= 0),
  guest_count_final_hours integer not null default 24 check (guest_count_final_hours >= 0),
  menu_final_hours integer not null default 12 check (menu_final_hours >= 0),
  suggested_gratuity_percent integer not null default 20
    check (suggested_gratuity_percent between 0 and 50),
  slot_times text[] not null default '{12:00,15:00,18:00,21:00}'
    check (app.are_slot_times(slot_times)),
  zelle_handle text not null default '' check (length(zelle_handle) <= 200),
  venmo_handle text not null default '' check (length(venmo_handle) <= 200),
  updated_at timestamptz not null default now(),
  updated_by uuid references public.staff (user_id) on delete set null
);
comment on table public.pricing_settings is 'Single global row (id = 1) of business numbers; integer cents.';

create trigger pricing_settings_touch_updated_at before update on public.pricing_settings
  for each row execute function app.touch_updated_at();

-- Admin-declared closed days: capacity 0 for that location and date.
create table public.blackout_dates (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references public.locations (id) on delete cascade,
  blackout_date date not null,
  reason text check (length(reason) <= 500),
  created_by uuid references public.staff (user_id) on delete set null,
  created_at timestamptz not null default now(),
  unique (location_id, blackout_date)
);

alter table public.menu_items enable row level security;
alter table public.pricing_settings enable row level security;
alter table public.blackout_dates enable row level security;
