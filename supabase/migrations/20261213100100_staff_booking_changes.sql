-- Staff changes to a booking (issue 10 §3, SPEC §4): reschedule, edit the
-- party/menu with a new quote, resend a customer mail. Like the other staff
-- actions (ADR 0007) each is a SECURITY DEFINER function in `app` that starts
-- with app.staff_lock_booking (role, location, row lock, stale check), writes
-- one history event through the bookings trigger (or directly, for a resent
-- mail) and one audit row, in one transaction.
--
-- Business numbers come from the server (ADR 0003): the quote, the total and
-- deposit, the reschedule fee and whether the SPEC cutoffs were overridden
-- are computed in lib/ and passed in; the database enforces capacity
-- (slot_capacity), the chef slot key, the party size and the statuses.
--
-- Errors (besides those of app.staff_lock_booking):
--   23514 bookings_status_transition  INVALID_TRANSITION → 409 (not pending_deposit/confirmed)
--   23514 slot_capacity               SLOT_FULL          → 409
--   22023 staff_change_invalid        VALIDATION_FAILED  → 422 (same slot, negative money, …)
--   P0002 notification_exists         NOT_FOUND          → 404 (no such mail to resend)

-- Move a booking to another date/slot. The chef stays assigned when still
-- free then (else the assignment is cleared and must be made again).
create or replace function app.staff_reschedule_booking(
  p_reference text, p_event_date date, p_slot_time text, p_fee_cents integer,
  p_reason text default null, p_fee_overridden boolean default false,
  p_expected_updated_at timestamptz default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_from_date date;
  v_from_slot text;
  v_keep_chef boolean := false;
begin
  v_booking := app.staff_lock_booking(p_reference, p_expected_updated_at);
  if v_booking.status not in ('pending_deposit', 'confirmed') then
    perform app.staff_error('INVALID_TRANSITION',
      format('a %s booking cannot be rescheduled', v_booking.status));
  end if;
  if p_event_date is null or p_slot_time is null or not app.is_slot_time(p_slot_time) then
    raise exception 'VALIDATION_FAILED: a date and a start time are needed'
      using errcode = 'invalid_parameter_value', constraint = 'staff_change_invalid';
  end if;
  if (p_event_date, p_slot_time) = (v_booking.event_date, v_booking.slot_time) then
    raise exception 'VALIDATION_FAILED: the booking is already at that date and time'
      using errcode = 'invalid_parameter_value', constraint = 'staff_change_invalid';
  end if;
  if p_fee_cents is null or p_fee_cents < 0 or p_fee_cents > 1000000 then
    raise exception 'VALIDATION_FAILED: the fee must be between 0 and 1000000 cents'
      using errcode = 'invalid_parameter_value', constraint = 'staff_change_invalid';
  end if;
  v_from_date := v_booking.event_date;
  v_from_slot := v_booking.slot_time;
  if v_booking.chef_id is not null then
    -- Lock the chef row as app.assign_chef does, then ask why not.
    perform 1 from public.chefs c where c.id = v_booking.chef_id for no key update;
    v_keep_chef := app.chef_unavailable_reason(v_booking.chef_id, p_event_date,
                                               p_slot_time, v_booking.id) is null;
  end if;
  perform set_config('app.event_note', coalesce(nullif(btrim(coalesce(p_reason, '')), ''), ''), true);
  update public.bookings set
    event_date = p_event_date,
    slot_time = p_slot_time,
    chef_id = case when v_keep_chef then chef_id end,
    reschedule_count = reschedule_count + 1,
    total_cents = total_cents + p_fee_cents
  where id = v_booking.id
  returning * into v_booking;
  perform app.clear_event_context();
  perform app.audit_staff_action('booking.rescheduled', 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference,
      'from', jsonb_build_object('date', v_from_date, 'slot', v_from_slot),
      'to', jsonb_build_object('date', p_event_date, 'slot', p_slot_time),
      'fee_cents', p_fee_cents, 'fee_overridden', coalesce(p_fee_overridden, false),
      'chef_kept', v_keep_chef, 'reason', nullif(btrim(coalesce(p_reason, '')), '')));
  return app.staff_booking_json(v_booking.id);
end
$$;

-- Change the party and menu with the server's new quote. p_party:
-- {adults, children, under6, proteins, extra_proteins, addons}; p_quote the
-- quote JSON; p_total_cents / p_deposit_cents the new money (fees carried
-- over by the caller); p_overrides the cutoffs staff overrode
-- (e.g. ["guest_count"]), audited.
create or replace function app.staff_edit_party(
  p_reference text, p_party jsonb, p_quote jsonb, p_total_cents integer,
  p_deposit_cents integer, p_overrides text[] default '{}', p_reason text default null,
  p_expected_updated_at timestamptz default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_before jsonb;
begin
  v_booking := app.staff_lock_booking(p_reference, p_expected_updated_at);
  if v_booking.status not in ('pending_deposit', 'confirmed') then
    perform app.staff_error('INVALID_TRANSITION',
      format('the party of a %s booking cannot be changed', v_booking.status));
  end if;
  if p_party is null or jsonb_typeof(p_party) <> 'object' or p_quote is null
     or jsonb_typeof(p_quote) <> 'object' or p_total_cents is null or p_total_cents < 0
     or p_deposit_cents is null or p_deposit_cents < 0 or p_deposit_cents > p_total_cents then
    raise exception 'VALIDATION_FAILED: a party, a quote and money (0 <= deposit <= total) are needed'
      using errcode = 'invalid_parameter_value', constraint = 'staff_change_invalid';
  end if;
  v_before := jsonb_build_object('adults', v_booking.adults, 'children', v_booking.children,
    'under6', v_booking.under6, 'proteins', v_booking.proteins,
    'extra_proteins', v_booking.extra_proteins, 'addons', v_booking.addons,
    'total_cents', v_booking.total_cents, 'deposit_cents', v_booking.deposit_cents);
  perform set_config('app.event_type', 'party_changed', true);
  perform set_config('app.event_note', coalesce(nullif(btrim(coalesce(p_reason, '')), ''), ''), true);
  update public.bookings set
    adults = (p_party ->> 'adults')::int,
    children = coalesce((p_party ->> 'children')::int, 0),
    under6 = coalesce((p_party ->> 'under6')::int, 0),
    proteins = coalesce(p_party -> 'proteins', '{}'),
    extra_proteins = coalesce(p_party -> 'extra_proteins', '{}'),
    addons = coalesce(p_party -> 'addons', '{}'),
    quote = p_quote,
    total_cents = p_total_cents,
    deposit_cents = p_deposit_cents
  where id = v_booking.id
  returning * into v_booking;
  perform app.clear_event_context();
  perform app.audit_staff_action('booking.party_changed', 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'before', v_before,
      'after', jsonb_build_object('adults', v_booking.adults, 'children', v_booking.children,
        'under6', v_booking.under6, 'proteins', v_booking.proteins,
        'extra_proteins', v_booking.extra_proteins, 'addons', v_booking.addons,
        'total_cents', v_booking.total_cents, 'deposit_cents', v_booking.deposit_cents),
      'overrides', to_jsonb(coalesce(p_overrides, '{}')),
      'reason', nullif(btrim(coalesce(p_reason, '')), '')));
  return app.staff_booking_json(v_booking.id);
end
$$;

-- Queue the latest customer mail of p_kind again (same content, to the
-- customer's current address); the outbox sends it like any other row.
-- Returns the new notification's id.
create or replace function app.staff_resend_mail(p_reference text, p_kind text)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_source public.notifications;
  v_email text;
  v_id uuid;
begin
  v_booking := app.staff_lock_booking(p_reference, null);
  select n.* into v_source from public.notifications n
  where n.booking_id = v_booking.id and n.kind = p_kind
    and coalesce(n.payload ->> 'audience', 'customer') = 'customer'
  order by n.created_at desc, n.id desc limit 1;
  if not found then
    raise exception 'NOT_FOUND: no % mail was sent for %', p_kind, v_booking.reference
      using errcode = 'P0002', constraint = 'notification_exists';
  end if;
  select c.email::text into v_email from public.customers c where c.id = v_booking.customer_id;
  insert into public.notifications (kind, recipient, booking_id, payload)
  values (v_source.kind, coalesce(v_email, v_source.recipient), v_booking.id,
          v_source.payload || jsonb_build_object('resent', true,
            'customer_email', coalesce(v_email, v_source.recipient)))
  returning id into v_id;
  insert into public.booking_events (booking_id, type, actor, actor_id, after, note)
  values (v_booking.id, 'mail_resent', 'staff', auth.uid(),
          jsonb_build_object('kind', p_kind, 'notification_id', v_id), null);
  perform app.audit_staff_action('booking.mail_resent', 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'kind', p_kind, 'notification_id', v_id));
  return v_id;
end
$$;

revoke execute on function
  app.staff_reschedule_booking(text, date, text, integer, text, boolean, timestamptz),
  app.staff_edit_party(text, jsonb, jsonb, integer, integer, text[], text, timestamptz),
  app.staff_resend_mail(text, text)
from public;
grant execute on function
  app.staff_reschedule_booking(text, date, text, integer, text, boolean, timestamptz),
  app.staff_edit_party(text, jsonb, jsonb, integer, integer, text[], text, timestamptz),
  app.staff_resend_mail(text, text)
to authenticated, service_role;
