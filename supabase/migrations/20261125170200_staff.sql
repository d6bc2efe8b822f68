-- Staff are auth users with a role (SPEC §1). Roles are data; RLS reads them
-- through the app.staff_* helpers below.
create table public.staff (
  user_id uuid primary key references auth.users (id) on delete cascade,
  email extensions.citext not null unique check (app.is_email(email::text)),
  full_name text not null check (length(full_name) between 1 and 200),
  role text not null check (role in ('chef', 'manager', 'admin')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.staff is 'Staff members keyed by auth.users.id; role chef|manager|admin.';

create trigger staff_touch_updated_at before update on public.staff
  for each row execute function app.touch_updated_at();

-- Which locations a staff member works for (managers: the locations they run).
create table public.staff_locations (
  user_id uuid not null references public.staff (user_id) on delete cascade,
  location_id uuid not null references public.locations (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, location_id)
);
create index staff_locations_location_id_idx on public.staff_locations (location_id);

alter table public.staff enable row level security;
alter table public.staff_locations enable row level security;

-- Policy helpers. SECURITY DEFINER so that policies on staff itself do not
-- recurse; STABLE so the planner evaluates them once per statement.
create or replace function app.staff_role() returns text
language sql stable security definer
set search_path = ''
as $$
  select s.role from public.staff s where s.user_id = auth.uid() and s.active
$$;

create or replace function app.is_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select s.role = 'admin' from public.staff s
                   where s.user_id = auth.uid() and s.active), false)
$$;

create or replace function app.is_staff() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.staff s where s.user_id = auth.uid() and s.active)
$$;

-- Locations a manager runs (empty for others; admins are handled by is_admin()).
create or replace function app.managed_location_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(sl.location_id), '{}')
  from public.staff s
  join public.staff_locations sl on sl.user_id = s.user_id
  where s.user_id = auth.uid() and s.active and s.role = 'manager'
$$;

-- Locations any active staff member is attached to.
create or replace function app.staff_location_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(sl.location_id), '{}')
  from public.staff s
  join public.staff_locations sl on sl.user_id = s.user_id
  where s.user_id = auth.uid() and s.active
$$;

revoke execute on function app.staff_role(), app.is_admin(), app.is_staff(),
  app.managed_location_ids(), app.staff_location_ids() from public;
grant execute on function app.staff_role(), app.is_admin(), app.is_staff(),
  app.managed_location_ids(), app.staff_location_ids() to anon, authenticated, service_role;
