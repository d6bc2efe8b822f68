-- The RLS helpers the staff policies and the staff list call (ADR 0043),
-- as PL/pgSQL with the same bodies, rules and rights. A SQL function that
-- cannot be inlined (these are security definer) is parsed and planned
-- again at every call, and a policy calls it once per query (an InitPlan):
-- 0.2 ms each, several per staff query. PL/pgSQL keeps each body's plan
-- for the session, so a call costs what running it costs (0.05 ms).
-- Measured as the Fremont manager: the staff row lookup 1.0 -> 0.35 ms,
-- the bookings list 3.0 -> 2.4 ms of PostgreSQL CPU per request.
create or replace function app.staff_role()
returns text
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select s.role from public.staff s
          where s.user_id = auth.uid() and s.active);
end
$$;

create or replace function app.is_admin()
returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return coalesce((select s.role = 'admin' from public.staff s
                   where s.user_id = auth.uid() and s.active), false);
end
$$;

create or replace function app.is_staff()
returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from public.staff s
                 where s.user_id = auth.uid() and s.active);
end
$$;

create or replace function app.managed_location_ids()
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select coalesce(array_agg(sl.location_id), '{}')
          from public.staff s
          join public.staff_locations sl on sl.user_id = s.user_id
          where s.user_id = auth.uid() and s.active and s.role = 'manager');
end
$$;

create or replace function app.chef_id()
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select c.id from public.chefs c
          join public.staff s on s.user_id = c.user_id
          where c.user_id = auth.uid() and s.active);
end
$$;
