-- Staff management (issue 11, SPEC §4 /admin/staff; ADR 0024): admins
-- change a member's role and locations, deactivate and reactivate them.
-- Deactivation ends their sessions at once; every change is audited with
-- before/after; the last active admin can never be demoted, deactivated or
-- deleted (a trigger, so no path around it).
--
-- Errors (mapped by lib/staff/members.ts):
--   42501 staff_admin_only           FORBIDDEN      → 403
--   P0002 staff_member_exists        NOT_FOUND      → 404
--   55000 staff_expected_updated_at  STALE_STAFF    → 409 (reload)
--   23514 staff_last_admin           LAST_ADMIN     → 409
--   22023 staff_role / staff_locations              → 422 path role / locationIds

-- The last active admin stays. The advisory lock queues concurrent admin
-- changes, and the check (a new snapshot per statement under READ
-- COMMITTED) sees what the other one committed: two admins demoting each
-- other at once leave one admin.
create or replace function app.staff_keep_an_admin() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role = 'admin' and old.active
     and (tg_op = 'DELETE' or new.role <> 'admin' or not new.active) then
    perform pg_advisory_xact_lock(hashtext('app.staff_keep_an_admin'));
    if not exists (select 1 from public.staff s
                   where s.role = 'admin' and s.active and s.user_id <> old.user_id) then
      raise exception 'LAST_ADMIN: % is the last active admin; make someone else admin first', old.email
        using errcode = 'check_violation', constraint = 'staff_last_admin',
              table = 'staff', schema = 'public';
    end if;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger staff_keep_an_admin before update or delete on public.staff
  for each row execute function app.staff_keep_an_admin();

-- End every auth session of a user (access tokens then fail getUser() and
-- refresh tokens cascade away). Admins only; the auth tables exist once the
-- auth server (Supabase, or the embedded one) has created them.
create or replace function app.end_staff_sessions(p_user uuid) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_count integer := 0;
begin
  if not app.is_admin() then
    raise exception 'FORBIDDEN: only admins end sessions'
      using errcode = 'insufficient_privilege', constraint = 'staff_admin_only';
  end if;
  if to_regclass('auth.sessions') is not null then
    execute 'delete from auth.sessions where user_id = $1' using p_user;
    get diagnostics v_count = row_count;
  end if;
  return v_count;
end
$$;

-- A member as the admin pages show it.
create or replace function app.staff_member_json(p_user uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'user_id', s.user_id, 'email', s.email, 'full_name', s.full_name,
    'role', s.role, 'active', s.active, 'updated_at', s.updated_at,
    'location_ids', coalesce((select jsonb_agg(sl.location_id order by sl.location_id)
                              from public.staff_locations sl where sl.user_id = s.user_id), '[]'))
  from public.staff s where s.user_id = p_user
$$;

-- Change a member: p_changes may hold role, location_ids (the full set) and
-- active. SECURITY INVOKER: the writes run under the admin's RLS.
create or replace function app.update_staff_member(
  p_user uuid, p_changes jsonb, p_expected_updated_at timestamptz default null
) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  v_staff public.staff;
  v_before jsonb;
  v_after jsonb;
  v_role text := p_changes ->> 'role';
  v_active boolean := (p_changes ->> 'active')::boolean;
  v_locations uuid[];
  v_ended integer := 0;
  v_action text;
begin
  if not app.is_admin() then
    raise exception 'FORBIDDEN: only admins change staff'
      using errcode = 'insufficient_privilege', constraint = 'staff_admin_only',
            table = 'staff', schema = 'public';
  end if;
  select * into v_staff from public.staff s where s.user_id = p_user for update;
  if not found then
    raise exception 'NOT_FOUND: no staff member %', p_user
      using errcode = 'no_data_found', constraint = 'staff_member_exists';
  end if;
  if p_expected_updated_at is not null
     and date_trunc('milliseconds', v_staff.updated_at) <> date_trunc('milliseconds', p_expected_updated_at) then
    raise exception 'STALE_STAFF: % changed at % (you read the version of %)',
      v_staff.email, v_staff.updated_at, p_expected_updated_at
      using errcode = 'object_not_in_prerequisite_state', constraint = 'staff_expected_updated_at',
            hint = 'Someone else changed this member: reload and try again.';
  end if;
  if v_role is not null and v_role not in ('chef', 'manager', 'admin') then
    raise exception 'INVALID_ROLE: % is not a role', v_role
      using errcode = 'invalid_parameter_value', constraint = 'staff_role';
  end if;
  if p_changes ? 'location_ids' then
    select coalesce(array_agg(distinct x::uuid), '{}') into v_locations
    from jsonb_array_elements_text(p_changes -> 'location_ids') x;
    if exists (select 1 from unnest(v_locations) l
               where not exists (select 1 from public.locations loc where loc.id = l)) then
      raise exception 'UNKNOWN_LOCATION: a location does not exist'
        using errcode = 'invalid_parameter_value', constraint = 'staff_locations';
    end if;
  end if;
  v_before := app.staff_member_json(p_user) - 'updated_at';
  update public.staff s set
    role = coalesce(v_role, s.role),
    active = coalesce(v_active, s.active)
  where s.user_id = p_user;
  if v_locations is not null then
    delete from public.staff_locations sl
      where sl.user_id = p_user and not (sl.location_id = any (v_locations));
    insert into public.staff_locations (user_id, location_id)
      select p_user, l from unnest(v_locations) l
      on conflict do nothing;
  end if;
  -- A departed chef stops counting towards capacity and suggestions.
  if v_active is not null and v_active <> v_staff.active then
    update public.chefs c set active = v_active where c.user_id = p_user;
  end if;
  if v_active = false and v_staff.active then
    v_ended := app.end_staff_sessions(p_user);
  end if;
  v_after := app.staff_member_json(p_user) - 'updated_at';
  v_action := case
    when v_active = false and v_staff.active then 'staff.deactivate'
    when v_active = true and not v_staff.active then 'staff.reactivate'
    else 'staff.update' end;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), v_action, 'staff', p_user::text,
    jsonb_build_object('email', v_staff.email, 'sessions_ended', v_ended,
                       'before', v_before, 'after', v_after));
  return app.staff_member_json(p_user);
end
$$;

revoke execute on function
  app.staff_keep_an_admin(),
  app.end_staff_sessions(uuid),
  app.staff_member_json(uuid),
  app.update_staff_member(uuid, jsonb, timestamptz)
from public;
grant execute on function
  app.end_staff_sessions(uuid),
  app.staff_member_json(uuid),
  app.update_staff_member(uuid, jsonb, timestamptz)
to authenticated, service_role;
