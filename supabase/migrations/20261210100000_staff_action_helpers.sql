-- Shared pieces of the staff booking actions (issue 10, SPEC §4, §5 Staff
-- API): who may act on a booking, the row lock every action starts with,
-- stale-write protection, money derived from the ledger, and the JSON the
-- actions answer with.
--
-- Errors every staff action can raise (the TypeScript maps them by
-- constraint name; the message starts with the API code):
--   P0002 booking_exists              BOOKING_NOT_FOUND      → 404
--   42501 staff_booking_scope         FORBIDDEN              → 403
--   55000 bookings_expected_updated_at STALE_BOOKING         → 409 (reload)
-- All of them live in `app` (ADR 0003): not reachable over PostgREST.

-- True when the caller may run operations (bookings, payments, chefs,
-- calendar) of this location: an admin, or a manager of it. Chefs never.
create or replace function app.can_manage_location(p_location uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select app.is_admin() or p_location = any (app.managed_location_ids())
$$;

-- The instant an event starts: its wall-clock date and slot in the
-- location's zone (SPEC: event times are location wall-clock times).
create or replace function app.event_starts_at(p_date date, p_slot text, p_timezone text)
returns timestamptz
language sql stable
set search_path = ''
as $$
  select (p_date + p_slot::time) at time zone p_timezone
$$;

-- Net money received for a booking: payments minus refunds (cents).
create or replace function app.booking_paid_cents(p_booking uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select coalesce(sum(case when p.kind = 'refund' then -p.amount_cents else p.amount_cents end), 0)::int
  from public.payments p where p.booking_id = p_booking
$$;

-- Raise one of the staff errors above. Kept in one place so every action
-- reports them identically.
create or replace function app.staff_error(p_code text, p_message text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  case p_code
    when 'BOOKING_NOT_FOUND' then
      raise exception 'BOOKING_NOT_FOUND: %', p_message
        using errcode = 'P0002', constraint = 'booking_exists', table = 'bookings', schema = 'public';
    when 'FORBIDDEN' then
      raise exception 'FORBIDDEN: %', p_message
        using errcode = 'insufficient_privilege', constraint = 'staff_booking_scope',
              table = 'bookings', schema = 'public';
    when 'STALE_BOOKING' then
      raise exception 'STALE_BOOKING: %', p_message
        using errcode = 'object_not_in_prerequisite_state',
              constraint = 'bookings_expected_updated_at', table = 'bookings', schema = 'public',
              hint = 'The booking changed since it was read: reload and try again.';
    when 'INVALID_TRANSITION' then
      raise exception 'INVALID_TRANSITION: %', p_message
        using errcode = 'check_violation', constraint = 'bookings_status_transition',
              table = 'bookings', schema = 'public';
    else
      raise exception '%: %', p_code, p_message using errcode = 'P0001';
  end case;
end
$$;

-- Every staff booking action starts here: find the booking by reference,
-- take its row lock (so two actions on one booking run one after the other
-- and the second sees the first's result: concurrent approve/cancel → one
-- wins), check the caller runs its location, and refuse a stale write when
-- the caller says which version it read. `updated_at` is compared at
-- millisecond precision, the precision JavaScript dates carry.
create or replace function app.staff_lock_booking(
  p_reference text, p_expected_updated_at timestamptz default null
) returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
begin
  if not app.is_staff() or coalesce(app.staff_role(), '') = 'chef' then
    perform app.staff_error('FORBIDDEN', 'only managers and admins run booking operations');
  end if;
  select * into v_booking from public.bookings b
  where b.reference = upper(btrim(p_reference))
  for update;
  if not found then
    perform app.staff_error('BOOKING_NOT_FOUND', format('no booking %s', p_reference));
  end if;
  if not app.can_manage_location(v_booking.location_id) then
    perform app.staff_error('FORBIDDEN', format('%s belongs to a location you do not manage', v_booking.reference));
  end if;
  -- History rows written from here on name staff as the actor, whatever an
  -- earlier statement of the transaction set (app.clear_event_context resets).
  perform set_config('app.actor', 'staff', true);
  if p_expected_updated_at is not null
     and date_trunc('milliseconds', v_booking.updated_at) <> date_trunc('milliseconds', p_expected_updated_at) then
    perform app.staff_error('STALE_BOOKING',
      format('%s changed at %s (you read the version of %s)', v_booking.reference,
             v_booking.updated_at, p_expected_updated_at));
  end if;
  return v_booking;
end
$$;

-- What staff actions answer with: the booking without its token hash, plus
-- money derived from the ledger. Null for a booking outside the caller's
-- locations (definer function: it checks the scope itself).
create or replace function app.staff_booking_json(p_booking uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select to_jsonb(b) - 'manage_token_hash' || jsonb_build_object(
    'paid_cents', app.booking_paid_cents(b.id),
    'balance_due_cents', b.total_cents - app.booking_paid_cents(b.id))
  from public.bookings b where b.id = p_booking and app.can_manage_location(b.location_id)
$$;

-- Undo the transaction-local settings the history trigger reads, so a later
-- statement of the same transaction is not mislabelled.
create or replace function app.clear_event_context() returns void
language sql volatile
set search_path = ''
as $$
  select set_config('app.event_type', '', true), set_config('app.event_note', '', true),
         set_config('app.actor', '', true)
$$;

-- One audit row for a staff action, in the action's transaction.
create or replace function app.audit_staff_action(
  p_action text, p_entity text, p_entity_id text, p_details jsonb
) returns void
language sql volatile security definer
set search_path = ''
as $$
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), p_action, p_entity, p_entity_id, coalesce(p_details, '{}'))
$$;

revoke execute on function
  app.can_manage_location(uuid),
  app.event_starts_at(date, text, text),
  app.booking_paid_cents(uuid),
  app.staff_error(text, text),
  app.staff_lock_booking(text, timestamptz),
  app.staff_booking_json(uuid),
  app.clear_event_context(),
  app.audit_staff_action(text, text, text, jsonb)
from public;
-- Helpers staff code may call directly (the rest are used inside actions).
grant execute on function
  app.can_manage_location(uuid),
  app.event_starts_at(date, text, text),
  app.staff_booking_json(uuid)
to authenticated, service_role;
