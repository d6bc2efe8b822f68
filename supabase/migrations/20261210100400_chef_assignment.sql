-- Chef assignment (SPEC §2 Chefs, §5 chef-suggestions and PUT …/chef):
-- chef profile fields, availability of a chef for a slot, ranked
-- suggestions with the SPEC weights, and the assignment itself.
-- Distances come from the server (lib/geo, ZIP centroids): ADR 0007.
--
-- Errors (besides BOOKING_NOT_FOUND / FORBIDDEN / STALE_BOOKING):
--   23514 chef_available              CHEF_UNAVAILABLE    → 409; DETAIL is the reason:
--         inactive | not_working | time_off | busy | other_location | unknown_chef
--   23514 bookings_status_transition  INVALID_TRANSITION  → 409 (booking not assignable)
-- The partial unique index bookings_chef_slot_key still decides races: two
-- concurrent assignments of one chef to two bookings of one slot → the
-- second waits on the index entry and fails; app.assign_chef reports that as
-- CHEF_UNAVAILABLE (busy) too.

-- Chef profile: the largest party the chef takes on (SPEC §2 Chefs).
alter table public.chefs
  add column max_party_size integer not null default 50 check (max_party_size between 1 and 50);
-- A customer's favourite chef (staff set it when the customer asks).
alter table public.customers
  add column preferred_chef_id uuid references public.chefs (id) on delete set null;
create index customers_preferred_chef_id_idx on public.customers (preferred_chef_id)
  where preferred_chef_id is not null;

-- Why a chef cannot take this slot, or null when they can. p_except is the
-- booking being (re)assigned, which does not make its own chef busy.
create or replace function app.chef_unavailable_reason(
  p_chef uuid, p_date date, p_slot text, p_except uuid default null
) returns text
language sql stable security definer
set search_path = ''
as $$
  select case
    when c.id is null then 'unknown_chef'
    when not c.active then 'inactive'
    when not (extract(isodow from p_date)::smallint = any (c.weekdays)) then 'not_working'
    when exists (select 1 from public.chef_time_off t
                 where t.chef_id = c.id and t.status = 'approved'
                   and p_date between t.starts_on and t.ends_on) then 'time_off'
    when exists (select 1 from public.bookings b
                 where b.chef_id = c.id and b.event_date = p_date and b.slot_time = p_slot
                   and app.holds_chef(b.status) and b.id is distinct from p_except) then 'busy'
  end
  from (select 1) one
  left join public.chefs c on c.id = p_chef
$$;

-- Ranked suggestions for one booking (SPEC §2: distance 40 %, party-size fit
-- 20 %, workload that week 15 %, rating 15 %, customer preference 10 %).
-- Each component is 0..1; breakdown holds its points (weight × component,
-- 2 decimals) and score their sum (0..100). The same formula is
-- lib/chef_assignment/score.ts (tests/db/staff_suggestions_test.ts checks
-- they agree):
--   distance   = max(0, 1 − miles / 60); unknown miles → 0
--   partyFit   = 1 when guests ≤ max_party_size, else max_party_size / guests
--   workload   = max(0, 1 − events / 10), events = the chef's chef-holding
--                bookings in the event's ISO week (Mon–Sun), this one excluded
--   rating     = rating / 5
--   preference = 1 the customer's preferred chef, 0.5 a chef who completed an
--                event for this customer before, else 0
-- p_distances: {"<chef id>": miles} from the server (ADR 0007).
-- Order: available chefs first, then score, then name.
create or replace function app.chef_suggestions(p_reference text, p_distances jsonb default '{}')
returns table (
  chef_id uuid, name text, score numeric, available boolean, unavailable_reason text,
  breakdown jsonb, miles integer, week_events integer, max_party_size integer, rating numeric
)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_guests integer;
  v_preferred uuid;
begin
  if not app.is_staff() or coalesce(app.staff_role(), '') = 'chef' then
    perform app.staff_error('FORBIDDEN', 'only managers and admins assign chefs');
  end if;
  select * into v_booking from public.bookings b where b.reference = upper(btrim(p_reference));
  if not found then
    perform app.staff_error('BOOKING_NOT_FOUND', format('no booking %s', p_reference));
  end if;
  if not app.can_manage_location(v_booking.location_id) then
    perform app.staff_error('FORBIDDEN', format('%s belongs to a location you do not manage', v_booking.reference));
  end if;
  v_guests := v_booking.adults + v_booking.children + v_booking.under6;
  select cu.preferred_chef_id into v_preferred from public.customers cu where cu.id = v_booking.customer_id;

  return query
  with facts as (
    select c.id, c.display_name, c.max_party_size as max_party, c.rating as chef_rating,
           app.chef_unavailable_reason(c.id, v_booking.event_date, v_booking.slot_time, v_booking.id) as reason,
           case when jsonb_typeof(coalesce(p_distances, '{}') -> c.id::text) = 'number'
                then ceil((p_distances ->> c.id::text)::numeric)::int end as chef_miles,
           (select count(*)::int from public.bookings w
             where w.chef_id = c.id and app.holds_chef(w.status) and w.id <> v_booking.id
               and w.event_date between date_trunc('week', v_booking.event_date)::date
                                    and date_trunc('week', v_booking.event_date)::date + 6) as events,
           case when c.id = v_preferred then 1.0
                when exists (select 1 from public.bookings h
                             where h.customer_id = v_booking.customer_id and h.chef_id = c.id
                               and h.status = 'completed' and h.id <> v_booking.id) then 0.5
                else 0.0 end as pref
    from public.chefs c
    where c.location_id = v_booking.location_id
  ), points as (
    select f.*,
      round(40 * case when f.chef_miles is null then 0
                      else greatest(0, 1 - f.chef_miles / 60.0) end, 2) as p_distance,
      round(20 * case when v_guests <= f.max_party then 1
                      else f.max_party::numeric / v_guests end, 2) as p_party,
      round(15 * greatest(0, 1 - f.events / 10.0), 2) as p_workload,
      round(15 * f.chef_rating / 5, 2) as p_rating,
      round(10 * f.pref, 2) as p_pref
    from facts f
  )
  select p.id, p.display_name,
         p.p_distance + p.p_party + p.p_workload + p.p_rating + p.p_pref,
         p.reason is null, p.reason,
         jsonb_build_object('distance', p.p_distance, 'partyFit', p.p_party,
           'workload', p.p_workload, 'rating', p.p_rating, 'preference', p.p_pref),
         p.chef_miles, p.events, p.max_party, p.chef_rating
  from points p
  order by p.reason is null desc,
           p.p_distance + p.p_party + p.p_workload + p.p_rating + p.p_pref desc,
           p.display_name, p.id;
end
$$;

-- Assign (p_chef) or unassign (null) the chef of a booking. Refuses chefs
-- who are unavailable for the slot (CHEF_UNAVAILABLE) and bookings that do
-- not hold a chef (INVALID_TRANSITION). The chef row is locked (FOR NO KEY
-- UPDATE) so approving that chef's time off and assigning them run one after
-- the other. Returns the booking JSON (app.staff_booking_json).
create or replace function app.assign_chef(
  p_reference text, p_chef uuid, p_expected_updated_at timestamptz default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_chef public.chefs;
  v_reason text;
  v_before uuid;
begin
  v_booking := app.staff_lock_booking(p_reference, p_expected_updated_at);
  v_before := v_booking.chef_id;
  if v_booking.status not in ('pending_deposit', 'confirmed') then
    perform app.staff_error('INVALID_TRANSITION',
      format('a %s booking cannot change its chef', v_booking.status));
  end if;
  if p_chef is not null then
    select * into v_chef from public.chefs c where c.id = p_chef for no key update;
    v_reason := case
      when v_chef.id is null then 'unknown_chef'
      when v_chef.location_id <> v_booking.location_id then 'other_location'
      else app.chef_unavailable_reason(p_chef, v_booking.event_date, v_booking.slot_time, v_booking.id)
    end;
    if v_reason is not null then
      raise exception 'CHEF_UNAVAILABLE: chef % cannot take % (%)', p_chef, v_booking.reference, v_reason
        using errcode = 'check_violation', constraint = 'chef_available', detail = v_reason,
              table = 'bookings', schema = 'public';
    end if;
  end if;
  if v_before is not distinct from p_chef then
    perform app.clear_event_context();
    return app.staff_booking_json(v_booking.id);
  end if;

  perform set_config('app.event_type', case when p_chef is null then 'chef_unassigned' else 'chef_assigned' end, true);
  begin
    update public.bookings set chef_id = p_chef where id = v_booking.id;
  exception when unique_violation then
    perform app.clear_event_context();
    raise exception 'CHEF_UNAVAILABLE: chef % is already booked at % %', p_chef,
        v_booking.event_date, v_booking.slot_time
      using errcode = 'check_violation', constraint = 'chef_available', detail = 'busy',
            table = 'bookings', schema = 'public';
  end;
  perform app.clear_event_context();
  perform app.audit_staff_action(
    case when p_chef is null then 'booking.chef_unassigned' else 'booking.chef_assigned' end,
    'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'from', v_before, 'to', p_chef));
  return app.staff_booking_json(v_booking.id);
end
$$;

-- Bulk: give every unassigned pending/confirmed booking of one location and
-- day its best available chef (in slot order, oldest booking first).
-- p_distances: {"<booking id>": {"<chef id>": miles}}. Bookings with no
-- available chef stay unassigned. Returns [{reference, chef_id|null}].
create or replace function app.assign_best_chefs(
  p_location uuid, p_date date, p_distances jsonb default '{}'
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_b record;
  v_chef uuid;
  v_out jsonb := '[]';
begin
  if not app.is_staff() or not app.can_manage_location(p_location) then
    perform app.staff_error('FORBIDDEN', 'only managers of this location and admins assign chefs');
  end if;
  for v_b in
    select b.id, b.reference from public.bookings b
    where b.location_id = p_location and b.event_date = p_date and b.chef_id is null
      and b.status in ('pending_deposit', 'confirmed')
    order by b.slot_time, b.created_at, b.id
  loop
    select s.chef_id into v_chef
    from app.chef_suggestions(v_b.reference, coalesce(p_distances -> v_b.id::text, '{}')) s
    where s.available
    order by s.score desc, s.name, s.chef_id
    limit 1;
    if v_chef is not null then
      perform app.assign_chef(v_b.reference, v_chef, null);
    end if;
    v_out := v_out || jsonb_build_array(jsonb_build_object('reference', v_b.reference, 'chef_id', v_chef));
    v_chef := null;
  end loop;
  return v_out;
end
$$;

revoke execute on function
  app.chef_unavailable_reason(uuid, date, text, uuid),
  app.chef_suggestions(text, jsonb),
  app.assign_chef(text, uuid, timestamptz),
  app.assign_best_chefs(uuid, date, jsonb)
from public;
grant execute on function
  app.chef_suggestions(text, jsonb),
  app.assign_chef(text, uuid, timestamptz),
  app.assign_best_chefs(uuid, date, jsonb)
to authenticated, service_role;
