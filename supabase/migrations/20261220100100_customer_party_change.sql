-- The customer changes guests and menu from the manage link until the SPEC
-- cutoffs (issue 14 item 7, ADR 0027). The numbers (quote, total, deposit)
-- and the cutoffs come from lib/staff/changes.ts requoteParty on the app's
-- clock, as for staff edits (app.staff_edit_party); this function proves the
-- manage token, allows only open bookings and records a customer
-- party_changed event through the history trigger. When the new total is
-- below what was received (net of refunds already due), the difference
-- becomes a refund due, which staff settle (and which is requested from
-- Stripe for card payments by app.queue_stripe_refunds).
create or replace function app.customer_edit_party(
  p_reference text, p_token text, p_party jsonb, p_quote jsonb,
  p_total_cents integer, p_deposit_cents integer
) returns public.bookings
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_over integer;
begin
  v_booking := app.booking_by_token(p_reference, p_token);
  if v_booking.id is null then
    return null;
  end if;
  select * into v_booking from public.bookings where id = v_booking.id for update;
  if v_booking.status not in ('pending_deposit', 'confirmed') then
    raise exception 'the party of a % booking cannot be changed', v_booking.status
      using errcode = 'check_violation', constraint = 'customer_party_change';
  end if;
  if p_party is null or jsonb_typeof(p_party) <> 'object' or p_quote is null
     or jsonb_typeof(p_quote) <> 'object' or p_total_cents is null or p_total_cents < 0
     or p_deposit_cents is null or p_deposit_cents < 0 or p_deposit_cents > p_total_cents then
    raise exception 'a party, a quote and money (0 <= deposit <= total) are needed'
      using errcode = 'invalid_parameter_value', constraint = 'customer_party_change';
  end if;
  perform set_config('app.actor', 'customer', true);
  perform set_config('app.event_type', 'party_changed', true);
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
  v_over := app.booking_paid_cents(v_booking.id) - app.booking_refund_due_cents(v_booking.id)
            - v_booking.total_cents;
  if v_over > 0 then
    insert into public.refunds_due (booking_id, amount_cents, reason)
    values (v_booking.id, v_over, 'party reduced online by the customer: paid beyond the new total');
  end if;
  return v_booking;
end
$$;

revoke execute on function app.customer_edit_party(text, text, jsonb, jsonb, integer, integer) from public;
grant execute on function app.customer_edit_party(text, text, jsonb, jsonb, integer, integer)
  to anon, authenticated, service_role;
