-- Managers hear about a cancellation request (SPEC §2 Notifications: "Staff:
-- new booking and cancellation request to the location's managers"; issue 14
-- item 7, ADR 0027). Same trigger as 20261214100100, plus one staff alert per
-- active manager of the booking's location when a booking becomes
-- cancellation_requested, carrying the customer's reason (app.event_note, set
-- by app.request_cancellation for the same update). No manage link: it is the
-- customer's secret.
create or replace function app.enqueue_booking_notice() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_kind text;
  v_extra jsonb := '{}';
  v_payload jsonb;
begin
  if app.notifications_muted() then
    return null;
  end if;
  if new.status is distinct from old.status then
    v_kind := case
      when new.status = 'confirmed' and old.status = 'pending_deposit' then 'booking_confirmed'
      when new.status = 'cancellation_requested' then 'cancellation_requested'
      when new.status = 'cancelled' then 'booking_cancelled'
      when old.status = 'cancellation_requested' and new.status in ('confirmed', 'pending_deposit')
        then 'cancellation_rejected'
    end;
  elsif (new.event_date, new.slot_time) is distinct from (old.event_date, old.slot_time) then
    v_kind := 'booking_rescheduled';
    v_extra := jsonb_build_object(
      'previous_event_date', old.event_date,
      'previous_slot_time', old.slot_time,
      'fee_cents', greatest(new.total_cents - old.total_cents, 0));
  end if;
  if v_kind is null then
    return null;
  end if;
  v_payload := app.booking_notice_payload(new) || v_extra
    || jsonb_build_object('audience', 'customer', 'previous_status', old.status);
  insert into public.notifications (kind, recipient, booking_id, payload)
  values (v_kind, v_payload ->> 'customer_email', new.id, v_payload);

  if v_kind = 'cancellation_requested' then
    insert into public.notifications (kind, recipient, booking_id, payload)
    select 'cancellation_requested', s.email::text, new.id,
           v_payload || jsonb_build_object(
             'audience', 'staff',
             'booking_id', new.id,
             'reason', nullif(left(coalesce(current_setting('app.event_note', true), ''), 2000), ''))
    from public.staff s
    join public.staff_locations sl on sl.user_id = s.user_id
    where s.active and s.role = 'manager' and sl.location_id = new.location_id;
  end if;
  return null;
end
$$;

revoke execute on function app.enqueue_booking_notice() from public;
