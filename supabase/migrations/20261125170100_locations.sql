-- Base locations the business serves from (SPEC §1): chefs, bookings and
-- capacity all belong to one location.
create table public.locations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (length(name) between 1 and 100),
  zip text not null check (app.is_zip(zip)),
  timezone text not null default 'America/Los_Angeles',
  active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.locations is 'Base locations; event times are wall-clock in the location timezone.';

create trigger locations_touch_updated_at before update on public.locations
  for each row execute function app.touch_updated_at();

alter table public.locations enable row level security;
