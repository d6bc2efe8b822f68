-- Card payments through Stripe (SPEC §2 Payments, §5 Edge Functions
-- `payments` and `stripe-webhook`; issue 12, ADR 0010).
--
-- The webhook function runs as service_role. It stores every Stripe event id
-- once (app.stripe_claim_event: a replay or a concurrent duplicate finds the
-- id taken and changes nothing), then credits or refunds through the definer
-- functions below, in the same transaction, so the 2xx answer follows the
-- commit. app.record_payment / app.record_refund are staff-only (they check
-- app.staff_lock_booking), hence these Stripe-specific siblings.

create table public.stripe_events (
  id text primary key check (length(id) between 1 and 255),
  type text not null check (length(type) between 1 and 100),
  booking_reference text,
  -- credited | refunded | expired | ignored | unknown_booking
  outcome text not null default 'received' check (length(outcome) between 1 and 50),
  received_at timestamptz not null default now()
);
comment on table public.stripe_events is
  'Stripe webhook events, each id stored once (idempotency of the webhook); service_role only.';

alter table public.stripe_events enable row level security;
-- No API policies: only the webhook (service_role, BYPASSRLS) reads or writes.
revoke all on public.stripe_events from anon, authenticated;

-- Claim an event id: true when new, false when it was seen before (replay or
-- a concurrent duplicate, which waits for the first transaction's outcome).
create or replace function app.stripe_claim_event(p_event_id text, p_type text, p_reference text)
returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_id text;
begin
  insert into public.stripe_events (id, type, booking_reference)
  values (p_event_id, p_type, nullif(upper(btrim(coalesce(p_reference, ''))), ''))
  on conflict (id) do nothing
  returning id into v_id;
  return v_id is not null;
end
$$;

create or replace function app.stripe_event_outcome(p_event_id text, p_outcome text)
returns void
language sql volatile security definer
set search_path = ''
as $$
  update public.stripe_events set outcome = p_outcome where id = p_event_id
$$;

-- Credit a completed Checkout Session. Null when the booking is unknown.
-- Idempotent per session (p_session_id is the idempotency key) on top of the
-- event id. A deposit covering the booking's deposit confirms it
-- (app.confirm_on_deposit). Money arriving for a cancelled or expired booking
-- is still recorded (it was received) and leaves a refund due.
create or replace function app.stripe_record_payment(
  p_reference text,
  p_amount_cents integer,
  p_session_id text,
  p_payment_intent text
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_payment public.payments;
  v_paid integer;
  v_kind text;
begin
  select * into v_booking from public.bookings b
  where b.reference = upper(btrim(coalesce(p_reference, '')))
  for update;
  if not found then
    return null;
  end if;
  select * into v_payment from public.payments p where p.idempotency_key = 'stripe:' || p_session_id;
  if found then
    return jsonb_build_object('payment_id', v_payment.id, 'replayed', true,
      'status', v_booking.status);
  end if;
  if p_amount_cents is null or p_amount_cents <= 0 then
    raise exception 'AMOUNT_OUT_OF_RANGE: a card payment must be positive'
      using errcode = 'invalid_parameter_value', constraint = 'payments_amount_limit',
            table = 'payments', schema = 'public';
  end if;

  v_paid := app.booking_paid_cents(v_booking.id);
  v_kind := case when v_booking.status = 'pending_deposit' and v_paid < v_booking.deposit_cents
                 then 'deposit' else 'balance' end;
  perform set_config('app.actor', 'stripe', true);
  perform set_config('app.event_type', 'confirmed', true);
  insert into public.payments (booking_id, kind, method, amount_cents, provider,
                               provider_reference, note, idempotency_key)
  values (v_booking.id, v_kind, 'card', p_amount_cents, 'stripe',
          coalesce(p_payment_intent, p_session_id), 'Stripe Checkout ' || p_session_id,
          'stripe:' || p_session_id)
  returning * into v_payment;
  perform set_config('app.event_type', '', true);

  insert into public.booking_events (booking_id, type, actor, before, after, note)
  values (v_booking.id, 'payment_recorded', 'stripe',
    jsonb_build_object('paid_cents', v_paid, 'balance_due_cents', v_booking.total_cents - v_paid),
    jsonb_build_object('paid_cents', v_paid + p_amount_cents,
      'balance_due_cents', v_booking.total_cents - v_paid - p_amount_cents,
      'payment_id', v_payment.id, 'method', 'card', 'amount_cents', p_amount_cents,
      'kind', v_kind, 'session_id', p_session_id),
    null);
  if v_booking.status in ('cancelled', 'expired') then
    insert into public.refunds_due (booking_id, amount_cents, reason)
    values (v_booking.id, p_amount_cents,
      format('card payment received for a %s booking', v_booking.status));
  end if;
  perform app.clear_event_context();
  select * into v_booking from public.bookings b where b.id = v_booking.id;
  return jsonb_build_object('payment_id', v_payment.id, 'replayed', false,
    'kind', v_kind, 'status', v_booking.status);
end
$$;

-- A refund reported by Stripe (charge.refunded carries the cumulative
-- amount_refunded): records the part not yet in the ledger for this charge,
-- settling refunds due oldest first. Null when no booking is found.
create or replace function app.stripe_record_refund(
  p_reference text,
  p_payment_intent text,
  p_charge_id text,
  p_amount_refunded integer
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_payment public.payments;
  v_already integer;
  v_amount integer;
  v_left integer;
  v_due record;
  v_take integer;
begin
  select b.* into v_booking from public.bookings b
  where b.id = (select p.booking_id from public.payments p
                where p.provider = 'stripe' and p.provider_reference = p_payment_intent
                  and p.kind <> 'refund' limit 1)
     or b.reference = upper(btrim(coalesce(p_reference, '')))
  limit 1
  for update;
  if not found then
    return null;
  end if;
  select coalesce(sum(p.amount_cents), 0)::int into v_already from public.payments p
  where p.kind = 'refund' and p.provider = 'stripe' and p.provider_reference like p_charge_id || ':%';
  v_amount := least(coalesce(p_amount_refunded, 0) - v_already, app.booking_paid_cents(v_booking.id));
  if v_amount <= 0 then
    return jsonb_build_object('payment_id', null, 'replayed', true);
  end if;
  insert into public.payments (booking_id, kind, method, amount_cents, provider,
                               provider_reference, note, idempotency_key)
  values (v_booking.id, 'refund', 'card', v_amount, 'stripe',
          p_charge_id || ':' || p_amount_refunded, 'Stripe refund of ' || p_charge_id,
          'stripe-refund:' || p_charge_id || ':' || p_amount_refunded)
  returning * into v_payment;

  v_left := v_amount;
  for v_due in
    select r.id, r.amount_cents - r.settled_cents as open from public.refunds_due r
    where r.booking_id = v_booking.id and r.status = 'due'
    order by r.created_at, r.id
    for update
  loop
    exit when v_left <= 0;
    v_take := least(v_left, v_due.open);
    update public.refunds_due r set
      settled_cents = r.settled_cents + v_take,
      status = case when r.settled_cents + v_take = r.amount_cents then 'settled' else 'due' end,
      settled_at = case when r.settled_cents + v_take = r.amount_cents then now() end
    where r.id = v_due.id;
    v_left := v_left - v_take;
  end loop;

  insert into public.booking_events (booking_id, type, actor, before, after, note)
  values (v_booking.id, 'refund_recorded', 'stripe', null,
    jsonb_build_object('payment_id', v_payment.id, 'method', 'card',
      'amount_cents', v_amount, 'charge', p_charge_id), null);
  return jsonb_build_object('payment_id', v_payment.id, 'replayed', false,
    'amount_cents', v_amount, 'reference', v_booking.reference);
end
$$;

-- An abandoned Checkout (checkout.session.expired): a card booking that is
-- still unpaid gives its slot back (SPEC §2: kept 30 minutes, then expires).
-- Answers the booking's status afterwards, null when unknown.
create or replace function app.stripe_checkout_expired(p_reference text)
returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
begin
  select * into v_booking from public.bookings b
  where b.reference = upper(btrim(coalesce(p_reference, '')))
  for update;
  if not found then
    return null;
  end if;
  if v_booking.status = 'pending_deposit' and v_booking.payment_method = 'card'
     and app.booking_paid_cents(v_booking.id) = 0 then
    perform set_config('app.actor', 'stripe', true);
    perform set_config('app.event_note', 'Stripe Checkout abandoned', true);
    update public.bookings set status = 'expired' where id = v_booking.id;
    perform app.clear_event_context();
    return 'expired';
  end if;
  return v_booking.status;
end
$$;

revoke execute on function
  app.stripe_claim_event(text, text, text),
  app.stripe_event_outcome(text, text),
  app.stripe_record_payment(text, integer, text, text),
  app.stripe_record_refund(text, text, text, integer),
  app.stripe_checkout_expired(text)
from public, anon, authenticated;
grant execute on function
  app.stripe_claim_event(text, text, text),
  app.stripe_event_outcome(text, text),
  app.stripe_record_payment(text, integer, text, text),
  app.stripe_record_refund(text, text, text, integer),
  app.stripe_checkout_expired(text)
to service_role;

-- What the `payments` function needs to start a Checkout: the booking behind
-- a manage token with its amounts, from the ledger. Null for an unknown
-- reference or a wrong token (one answer for both).
create or replace function app.booking_payment_due(p_reference text, p_token text)
returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'reference', b.reference, 'status', b.status, 'email', c.email, 'name', c.name,
    'total_cents', b.total_cents, 'deposit_cents', b.deposit_cents,
    'paid_cents', app.booking_paid_cents(b.id))
  from app.booking_by_token(p_reference, p_token) b
  join public.customers c on c.id = b.customer_id
  where b.id is not null
$$;
revoke execute on function app.booking_payment_due(text, text) from public, anon, authenticated;
grant execute on function app.booking_payment_due(text, text) to service_role;
