-- Staff cancel a batch of spam bookings in one action (issue 9 §4, ADR 0015):
-- POST /api/staff/bookings/cancel-batch and the /admin/bookings list.
--
-- Only unpaid `pending_deposit` bookings qualify (spam holds slots without
-- paying; a paid booking is cancelled one at a time on its page, where the
-- refund is decided). Each booking is cancelled through
-- app.staff_booking_action (row lock, location check, history event with the
-- reason, its own audit row) and the batch gets one more audit row listing
-- what was cancelled and skipped. Bookings that do not qualify are skipped
-- with a reason; the others are cancelled in the same transaction. No mail
-- goes out: spam is booked with other people's addresses, and a cancellation
-- notice would make the business a mail cannon.
create or replace function app.staff_cancel_batch(p_references text[], p_reason text)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
  v_ref text;
  v_booking public.bookings;
  v_cancelled jsonb := '[]';
  v_skipped jsonb := '[]';
  v_refs text[];
begin
  if not (app.is_admin() or coalesce(cardinality(app.managed_location_ids()), 0) > 0) then
    perform app.staff_error('FORBIDDEN', 'only managers and admins cancel bookings');
  end if;
  if v_reason is null or length(v_reason) > 2000 then
    raise exception 'REASON_REQUIRED: a reason of 1 to 2000 characters'
      using errcode = 'invalid_parameter_value', constraint = 'staff_action_reason';
  end if;
  select array_agg(distinct upper(btrim(r)) order by upper(btrim(r))) into v_refs
  from unnest(coalesce(p_references, '{}')) r where btrim(r) <> '';
  if coalesce(cardinality(v_refs), 0) not between 1 and 100 then
    raise exception 'BATCH_SIZE: 1 to 100 references'
      using errcode = 'invalid_parameter_value', constraint = 'staff_batch_size';
  end if;

  perform set_config('app.notify', 'off', true);
  foreach v_ref in array v_refs loop
    select * into v_booking from public.bookings b where b.reference = v_ref;
    if not found then
      v_skipped := v_skipped || jsonb_build_object('reference', v_ref, 'reason', 'not_found');
    elsif not app.can_manage_location(v_booking.location_id) then
      -- Another location's booking is answered like an unknown one.
      v_skipped := v_skipped || jsonb_build_object('reference', v_ref, 'reason', 'not_found');
    elsif v_booking.status <> 'pending_deposit' then
      v_skipped := v_skipped || jsonb_build_object('reference', v_ref, 'reason', 'not_pending',
        'status', v_booking.status);
    elsif app.booking_paid_cents(v_booking.id) > 0 then
      v_skipped := v_skipped || jsonb_build_object('reference', v_ref, 'reason', 'paid');
    else
      perform app.staff_booking_action(v_ref, 'cancel', v_reason);
      v_cancelled := v_cancelled || jsonb_build_object('reference', v_ref, 'status', 'cancelled');
    end if;
  end loop;
  perform set_config('app.notify', '', true);

  perform app.audit_staff_action('booking.batch_cancelled', 'booking', null,
    jsonb_build_object('reason', v_reason, 'cancelled', v_cancelled, 'skipped', v_skipped));
  return jsonb_build_object('cancelled', v_cancelled, 'skipped', v_skipped);
end
$$;

revoke execute on function app.staff_cancel_batch(text[], text) from public;
grant execute on function app.staff_cancel_batch(text[], text) to authenticated, service_role;
