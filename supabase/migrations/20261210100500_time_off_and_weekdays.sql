-- Chef absences without stranded bookings (issue 10 §5, §6): a chef asks for
-- time off and edits their working weekdays; a manager approves or rejects
-- the request. Capacity follows at once (app.slot_capacity reads both).
--
-- An absence is refused when it would strand a booking without a chef:
--   * the chef is assigned to a pending_deposit/confirmed booking that day, or
--   * a slot of that day would have more reserved units than chefs left.
-- Enforced by triggers on chef_time_off (becoming approved) and chefs
-- (weekdays removed), so direct table writes allowed by RLS are checked too.
-- Slots are locked (app.lock_slot, ADR 0002) in date/slot order before they
-- are counted, and the chef row FOR NO KEY UPDATE (as app.assign_chef does),
-- so a concurrent booking or assignment cannot slip in between.
--
-- Errors:
--   23514 time_off_strands_bookings     TIME_OFF_STRANDS_BOOKINGS → 409; DETAIL names
--                                         the first problem ("MH-… assigned" or "date slot: …")
--   23514 chef_time_off_decided         INVALID_TRANSITION        → 409 (already decided)
--   22023 chef_time_off_range           VALIDATION_FAILED         → 422 (bad range)
--   42501 staff_booking_scope           FORBIDDEN                 → 403

-- First reason why taking chef p_chef away on p_dates strands a booking, or
-- null. Only dates from p_today on are checked (the past cannot be
-- re-staffed). p_except_time_off: the time-off row being approved, which is
-- not yet counted.
create or replace function app.chef_absence_strands(
  p_chef uuid, p_dates date[], p_except_time_off uuid, p_today date
) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_chef public.chefs;
  v_day date;
  v_slot text;
  v_ref text;
  v_cap integer;
  v_reserved integer;
begin
  select * into v_chef from public.chefs c where c.id = p_chef for no key update;
  if not found or not v_chef.active then
    return null;
  end if;
  select b.reference into v_ref from public.bookings b
  where b.chef_id = p_chef and b.status in ('pending_deposit', 'confirmed')
    and b.event_date = any (p_dates) and b.event_date >= p_today
  order by b.event_date, b.slot_time limit 1;
  if v_ref is not null then
    return format('%s is assigned to this chef', v_ref);
  end if;
  for v_day in
    select distinct d from unnest(p_dates) d
    where d >= p_today
      and extract(isodow from d)::smallint = any (v_chef.weekdays)
      and not exists (select 1 from public.chef_time_off t
                      where t.chef_id = p_chef and t.status = 'approved'
                        and t.id is distinct from p_except_time_off
                        and d between t.starts_on and t.ends_on)
      and not exists (select 1 from public.blackout_dates bd
                      where bd.location_id = v_chef.location_id and bd.blackout_date = d)
    order by d
  loop
    for v_slot in
      select s from unnest((select ps.slot_times from public.pricing_settings ps where ps.id = 1)) s order by s
    loop
      perform app.lock_slot(v_chef.location_id, v_day, v_slot);
      v_cap := app.slot_capacity(v_chef.location_id, v_day, v_slot);
      v_reserved := app.slot_reserved(v_chef.location_id, v_day, v_slot);
      if v_reserved > v_cap - 1 then
        return format('%s %s: %s reserved, %s chef(s) would be left', v_day, v_slot, v_reserved, v_cap - 1);
      end if;
    end loop;
  end loop;
  return null;
end
$$;

create or replace function app.time_off_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_problem text;
begin
  if new.ends_on - new.starts_on > 366 then
    raise exception 'time off longer than a year' using errcode = 'invalid_parameter_value',
      constraint = 'chef_time_off_range', table = 'chef_time_off', schema = 'public';
  end if;
  if new.status = 'approved' and (tg_op = 'INSERT' or old.status <> 'approved'
      or (new.chef_id, new.starts_on, new.ends_on) is distinct from (old.chef_id, old.starts_on, old.ends_on)) then
    v_problem := app.chef_absence_strands(new.chef_id,
      array(select d::date from generate_series(new.starts_on, new.ends_on, interval '1 day') d),
      new.id, current_date);
    if v_problem is not null then
      raise exception 'TIME_OFF_STRANDS_BOOKINGS: approving this time off would leave a booking without a chef'
        using errcode = 'check_violation', constraint = 'time_off_strands_bookings', detail = v_problem,
              table = 'chef_time_off', schema = 'public';
    end if;
  end if;
  return new;
end
$$;

create trigger chef_time_off_guard before insert or update on public.chef_time_off
  for each row execute function app.time_off_guard();

-- Removing working weekdays is an absence on every such day of the next year.
create or replace function app.chef_weekdays_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_removed smallint[];
  v_problem text;
begin
  select coalesce(array_agg(w), '{}') into v_removed
  from unnest(old.weekdays) w where not (w = any (new.weekdays));
  if cardinality(v_removed) = 0 or not new.active then
    return new;
  end if;
  v_problem := app.chef_absence_strands(new.id,
    array(select d::date from generate_series(current_date, current_date + 366, interval '1 day') d
          where extract(isodow from d)::smallint = any (v_removed)),
    null, current_date);
  if v_problem is not null then
    raise exception 'TIME_OFF_STRANDS_BOOKINGS: dropping these weekdays would leave a booking without a chef'
      using errcode = 'check_violation', constraint = 'time_off_strands_bookings', detail = v_problem,
            table = 'chefs', schema = 'public';
  end if;
  return new;
end
$$;

create trigger chefs_weekdays_guard before update of weekdays on public.chefs
  for each row execute function app.chef_weekdays_guard();

-- The signed-in chef asks for time off (inclusive dates).
create or replace function app.request_time_off(p_starts_on date, p_ends_on date, p_reason text default null)
returns public.chef_time_off
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_chef uuid := app.chef_id();
  v_row public.chef_time_off;
begin
  if v_chef is null then
    perform app.staff_error('FORBIDDEN', 'only chefs request time off');
  end if;
  if p_starts_on is null or p_ends_on is null or p_ends_on < p_starts_on or p_ends_on - p_starts_on > 366 then
    raise exception 'VALIDATION_FAILED: time off needs a range of at most a year'
      using errcode = 'invalid_parameter_value', constraint = 'chef_time_off_range';
  end if;
  insert into public.chef_time_off (chef_id, starts_on, ends_on, reason)
  values (v_chef, p_starts_on, p_ends_on, nullif(btrim(coalesce(p_reason, '')), ''))
  returning * into v_row;
  perform app.audit_staff_action('time_off.requested', 'chef_time_off', v_row.id::text,
    jsonb_build_object('chef_id', v_chef, 'starts_on', p_starts_on, 'ends_on', p_ends_on));
  return v_row;
end
$$;

-- A manager of the chef's location (or an admin) approves or rejects a
-- pending request. Approval runs the strand check (trigger above).
create or replace function app.decide_time_off(p_id uuid, p_decision text)
returns public.chef_time_off
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_row public.chef_time_off;
  v_location uuid;
begin
  if p_decision is null or p_decision not in ('approved', 'rejected') then
    raise exception 'VALIDATION_FAILED: decision must be approved or rejected'
      using errcode = 'invalid_parameter_value', constraint = 'chef_time_off_decision';
  end if;
  select t.* into v_row from public.chef_time_off t where t.id = p_id for update;
  if not found then
    raise exception 'NOT_FOUND: no time-off request %', p_id
      using errcode = 'P0002', constraint = 'chef_time_off_exists';
  end if;
  select c.location_id into v_location from public.chefs c where c.id = v_row.chef_id;
  if not app.is_staff() or not app.can_manage_location(v_location) then
    perform app.staff_error('FORBIDDEN', 'only managers of the chef''s location and admins decide time off');
  end if;
  if v_row.status <> 'requested' then
    raise exception 'INVALID_TRANSITION: this request was already %', v_row.status
      using errcode = 'check_violation', constraint = 'chef_time_off_decided',
            table = 'chef_time_off', schema = 'public';
  end if;
  update public.chef_time_off set status = p_decision, decided_by = auth.uid()
  where id = p_id returning * into v_row;
  perform app.audit_staff_action('time_off.' || p_decision, 'chef_time_off', v_row.id::text,
    jsonb_build_object('chef_id', v_row.chef_id, 'starts_on', v_row.starts_on, 'ends_on', v_row.ends_on));
  return v_row;
end
$$;

-- Working weekdays (ISO 1–7), by the chef themselves or a manager/admin of
-- the chef's location. The weekdays guard refuses stranding removals.
create or replace function app.set_chef_weekdays(p_chef uuid, p_weekdays smallint[])
returns public.chefs
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_chef public.chefs;
  v_new smallint[];
begin
  select * into v_chef from public.chefs c where c.id = p_chef;
  if not found then
    raise exception 'NOT_FOUND: no chef %', p_chef using errcode = 'P0002', constraint = 'chef_exists';
  end if;
  if not (coalesce(p_chef = app.chef_id(), false) or app.can_manage_location(v_chef.location_id)) then
    perform app.staff_error('FORBIDDEN', 'only the chef and their managers edit working weekdays');
  end if;
  if p_weekdays is null or not (p_weekdays <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]) then
    raise exception 'VALIDATION_FAILED: weekdays are ISO numbers 1 (Monday) to 7 (Sunday)'
      using errcode = 'invalid_parameter_value', constraint = 'chefs_weekdays';
  end if;
  select coalesce(array_agg(distinct w order by w), '{}') into v_new from unnest(p_weekdays) w;
  update public.chefs set weekdays = v_new where id = p_chef returning * into v_chef;
  perform app.audit_staff_action('chef.weekdays_set', 'chef', p_chef::text,
    jsonb_build_object('weekdays', v_new));
  return v_chef;
end
$$;

revoke execute on function
  app.chef_absence_strands(uuid, date[], uuid, date),
  app.time_off_guard(),
  app.chef_weekdays_guard(),
  app.request_time_off(date, date, text),
  app.decide_time_off(uuid, text),
  app.set_chef_weekdays(uuid, smallint[])
from public;
grant execute on function
  app.request_time_off(date, date, text),
  app.decide_time_off(uuid, text),
  app.set_chef_weekdays(uuid, smallint[])
to authenticated, service_role;
