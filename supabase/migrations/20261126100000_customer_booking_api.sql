-- Customer booking API (lib/bookings, engineer G1): the entry point the
-- public POST /api/bookings uses. It is app.create_booking plus the audit
-- row every new booking needs; anon may not write audit_log itself, and the
-- audit row commits or rolls back with the booking.
create or replace function app.create_customer_booking(p_booking jsonb)
returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
begin
  select * into v_booking from app.create_booking(p_booking);
  insert into public.audit_log (actor, action, entity, entity_id, details)
  values ('customer', 'booking.created', 'booking', v_booking.id::text,
    jsonb_build_object(
      'reference', v_booking.reference,
      'location_id', v_booking.location_id,
      'event_date', v_booking.event_date,
      'slot_time', v_booking.slot_time,
      'total_cents', v_booking.total_cents,
      'payment_method', v_booking.payment_method,
      'hold_id', p_booking ->> 'hold_id'));
  return v_booking;
end
$$;

revoke execute on function app.create_customer_booking(jsonb) from public;
grant execute on function app.create_customer_booking(jsonb)
  to anon, authenticated, service_role;
