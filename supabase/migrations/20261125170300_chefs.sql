-- Chefs and their time off (SPEC §2 Availability, Chefs). A chef may exist
-- before having a login (user_id null).
create table public.chefs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid unique references public.staff (user_id) on delete set null,
  location_id uuid not null references public.locations (id),
  display_name text not null check (length(display_name) between 1 and 100),
  home_zip text not null check (app.is_zip(home_zip)),
  -- ISO weekdays the chef works: 1 = Monday … 7 = Sunday.
  weekdays smallint[] not null default '{}'
    check (weekdays <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  rating numeric(3, 2) not null default 5.00 check (rating between 0 and 5),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index chefs_location_id_idx on public.chefs (location_id);

create trigger chefs_touch_updated_at before update on public.chefs
  for each row execute function app.touch_updated_at();

-- Inclusive date range; only approved time off lowers capacity.
create table public.chef_time_off (
  id uuid primary key default gen_random_uuid(),
  chef_id uuid not null references public.chefs (id) on delete cascade,
  starts_on date not null,
  ends_on date not null,
  reason text check (length(reason) <= 500),
  status text not null default 'requested'
    check (status in ('requested', 'approved', 'rejected')),
  decided_by uuid references public.staff (user_id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint chef_time_off_range check (ends_on >= starts_on)
);
create index chef_time_off_chef_id_idx on public.chef_time_off (chef_id, starts_on);

create trigger chef_time_off_touch_updated_at before update on public.chef_time_off
  for each row execute function app.touch_updated_at();

alter table public.chefs enable row level security;
alter table public.chef_time_off enable row level security;

-- The chef row of the signed-in user, if any.
create or replace function app.chef_id() returns uuid
language sql stable security definer
set search_path = ''
as $$
  select c.id from public.chefs c
  join public.staff s on s.user_id = c.user_id
  where c.user_id = auth.uid() and s.active
$$;
revoke execute on function app.chef_id() from public;
grant execute on function app.chef_id() to anon, authenticated, service_role;
