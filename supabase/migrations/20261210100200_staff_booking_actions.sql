-- Staff lifecycle actions on one booking (SPEC §2 Booking lifecycle, §5
-- POST /api/staff/bookings/{ref}/actions): approve/reject a cancellation
-- request, cancel on the customer's behalf, complete, no-show. Each runs in
-- the caller's transaction under the booking's row lock
-- (app.staff_lock_booking), so of two concurrent actions on one booking the
-- second sees the first's result and is refused when it no longer applies:
-- exactly one of a concurrent approve and cancel wins.
--
-- Each writes the status change through the bookings triggers: the history
-- event (type = the action, note = the reason, actor = staff + auth.uid()),
-- the realtime notice and the customer's mail (outbox); plus one audit row.
--
-- Errors (besides BOOKING_NOT_FOUND / FORBIDDEN / STALE_BOOKING):
--   23514 bookings_status_transition  INVALID_TRANSITION  → 409
--         (message "INVALID_TRANSITION: …"; includes "the event has not started")
--   22023 staff_action_reason         REASON_REQUIRED     → 422 path reason
--   22023 staff_action_unknown        UNKNOWN_ACTION      → 422 path action
--   23514 slot_capacity               SLOT_FULL           → 409 (rejecting a request
--         re-occupies the slot, which may have been sold meanwhile; ADR 0002)

-- The status a booking had before its latest cancellation request, and when
-- that request was made (from the append-only history).
create or replace function app.cancellation_request_of(p_booking uuid)
returns table (previous_status text, requested_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select coalesce(e.before ->> 'status', 'confirmed'), e.at
  from public.booking_events e
  where e.booking_id = p_booking and e.after ->> 'status' = 'cancellation_requested'
  order by e.at desc, e.id desc
  limit 1
$$;

-- The refund a cancellation leaves due (SPEC §2: at least
-- free_cancellation_hours before the event the deposit is refunded, later it
-- is forfeited). Money received beyond the deposit is always owed back.
-- Pure: the caller passes the facts.
create or replace function app.cancellation_refund_cents(
  p_paid_cents integer, p_deposit_cents integer, p_requested_at timestamptz,
  p_starts_at timestamptz, p_free_hours integer
) returns integer
language sql immutable
set search_path = ''
as $$
  select greatest(
    p_paid_cents - case
      when p_starts_at - p_requested_at >= make_interval(hours => p_free_hours) then 0
      else least(p_deposit_cents, greatest(p_paid_cents, 0))
    end, 0)
$$;

-- p_action: approve_cancellation | reject_cancellation | cancel | complete | no_show.
-- p_now is the server's clock (tests inject it); it decides "has the event
-- started" and, for a direct cancel, when the cancellation was asked for.
-- Returns {booking, refund_due: {id, amount_cents} | null}.
create or replace function app.staff_booking_action(
  p_reference text,
  p_action text,
  p_reason text default null,
  p_expected_updated_at timestamptz default null,
  p_now timestamptz default now()
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_from text;
  v_to text;
  v_starts timestamptz;
  v_previous text;
  v_requested_at timestamptz;
  v_refund integer := 0;
  v_refund_row public.refunds_due;
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
  v_event_type text;
  v_now timestamptz := coalesce(p_now, now());
begin
  if p_action is null or p_action not in
     ('approve_cancellation', 'reject_cancellation', 'cancel', 'complete', 'no_show') then
    raise exception 'UNKNOWN_ACTION: %', coalesce(p_action, 'null')
      using errcode = 'invalid_parameter_value', constraint = 'staff_action_unknown';
  end if;
  if v_reason is not null and length(v_reason) > 2000 then
    raise exception 'REASON_TOO_LONG: at most 2000 characters'
      using errcode = 'invalid_parameter_value', constraint = 'staff_action_reason';
  end if;
  if p_action = 'cancel' and v_reason is null then
    raise exception 'REASON_REQUIRED: cancelling needs a reason'
      using errcode = 'invalid_parameter_value', constraint = 'staff_action_reason';
  end if;

  v_booking := app.staff_lock_booking(p_reference, p_expected_updated_at);
  v_from := v_booking.status;
  select app.event_starts_at(v_booking.event_date, v_booking.slot_time, l.timezone)
    into v_starts from public.locations l where l.id = v_booking.location_id;

  v_to := case p_action
    when 'approve_cancellation' then case when v_from = 'cancellation_requested' then 'cancelled' end
    when 'reject_cancellation' then case when v_from = 'cancellation_requested' then 'restore' end
    when 'cancel' then case when v_from in ('pending_deposit', 'confirmed', 'cancellation_requested')
                            then 'cancelled' end
    when 'complete' then case when v_from = 'confirmed' then 'completed' end
    when 'no_show' then case when v_from = 'confirmed' then 'no_show' end
  end;
  if v_to is null then
    perform app.staff_error('INVALID_TRANSITION',
      format('%s is not allowed for a %s booking', p_action, v_from));
  end if;
  if p_action in ('complete', 'no_show') and v_now < v_starts then
    perform app.staff_error('INVALID_TRANSITION',
      format('%s is only possible once the event has started (%s)', p_action, v_starts));
  end if;

  if v_from = 'cancellation_requested' then
    select r.previous_status, r.requested_at into v_previous, v_requested_at
    from app.cancellation_request_of(v_booking.id) r;
  end if;
  if v_to = 'restore' then
    v_to := coalesce(v_previous, 'confirmed');
    if v_to not in ('pending_deposit', 'confirmed') then
      v_to := 'confirmed';
    end if;
  end if;

  v_event_type := case p_action
    when 'approve_cancellation' then 'cancellation_approved'
    when 'reject_cancellation' then 'cancellation_rejected'
    when 'cancel' then 'cancelled'
    when 'complete' then 'completed'
    when 'no_show' then 'no_show'
  end;
  perform set_config('app.event_type', v_event_type, true);
  perform set_config('app.event_note', coalesce(v_reason, ''), true);
  update public.bookings set status = v_to where id = v_booking.id
  returning * into v_booking;
  perform app.clear_event_context();

  if v_to = 'cancelled' then
    v_requested_at := coalesce(v_requested_at, v_now);
    v_refund := app.cancellation_refund_cents(
      app.booking_paid_cents(v_booking.id) - app.booking_refund_due_cents(v_booking.id),
      v_booking.deposit_cents, v_requested_at, v_starts,
      (select ps.free_cancellation_hours from public.pricing_settings ps where ps.id = 1));
    if v_refund > 0 then
      insert into public.refunds_due (booking_id, amount_cents, reason, created_by)
      values (v_booking.id, v_refund,
        case when v_starts - v_requested_at >=
                  make_interval(hours => (select ps.free_cancellation_hours from public.pricing_settings ps where ps.id = 1))
             then 'cancelled in time: the deposit is refunded'
             else 'cancelled late: the deposit is kept, money beyond it is refunded' end,
        auth.uid())
      returning * into v_refund_row;
    end if;
  end if;

  perform app.audit_staff_action('booking.' || p_action, 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'from', v_from, 'to', v_to,
      'reason', v_reason, 'refund_due_cents', v_refund));
  return jsonb_build_object(
    'booking', app.staff_booking_json(v_booking.id),
    'refund_due', case when v_refund_row.id is null then null
                       else jsonb_build_object('id', v_refund_row.id, 'amount_cents', v_refund_row.amount_cents) end);
end
$$;

revoke execute on function
  app.cancellation_request_of(uuid),
  app.cancellation_refund_cents(integer, integer, timestamptz, timestamptz, integer),
  app.staff_booking_action(text, text, text, timestamptz, timestamptz)
from public;
grant execute on function app.staff_booking_action(text, text, text, timestamptz, timestamptz)
  to authenticated, service_role;
