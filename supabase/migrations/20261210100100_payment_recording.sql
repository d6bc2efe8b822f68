-- Staff record Zelle/Venmo/cash/card payments and refunds (SPEC §2
-- Payments, §5 POST /api/staff/bookings/{ref}/payments and /refunds), and
-- the refunds a cancellation leaves due (staff settle them by recording the
-- refund; through Stripe once card refunds are automated).
--
-- Errors (besides the app.staff_lock_booking ones):
--   22023 payments_amount_limit     AMOUNT_OUT_OF_RANGE     → 422 path amountCents
--   22023 payments_method           INVALID_METHOD          → 422 path method
--   23505 payments_idempotency_key  IDEMPOTENCY_KEY_REUSED  → 409 (same key, other request)
--   23514 bookings_status_transition INVALID_TRANSITION     → 409 (no payments on cancelled/expired)

-- How far above the balance due a recorded payment may go (cash tips at the
-- event, rounding by the customer). Admin-editable like every §2 number.
alter table public.pricing_settings
  add column payment_margin_cents integer not null default 20000
    check (payment_margin_cents >= 0);

-- The client's Idempotency-Key: the same key never makes a second row.
alter table public.payments
  add column idempotency_key text
    check (idempotency_key is null or length(idempotency_key) between 1 and 200),
  add constraint payments_idempotency_key unique (idempotency_key);

-- A refund owed to the customer (cancellation approved ≥ free_cancellation_hours
-- before the event, or money received beyond what the booking keeps).
-- Settled by recorded refunds, oldest first; never deleted.
create table public.refunds_due (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references public.bookings (id),
  amount_cents integer not null check (amount_cents > 0),
  settled_cents integer not null default 0 check (settled_cents >= 0),
  reason text not null check (length(reason) between 1 and 500),
  status text not null default 'due' check (status in ('due', 'settled')),
  created_by uuid references public.staff (user_id) on delete set null,
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  constraint refunds_due_settled_within_amount check (settled_cents <= amount_cents),
  constraint refunds_due_status_matches check (
    (status = 'settled') = (settled_cents = amount_cents)
    and (status = 'settled') = (settled_at is not null))
);
create index refunds_due_booking_id_idx on public.refunds_due (booking_id, created_at);
create index refunds_due_open_idx on public.refunds_due (created_at) where status = 'due';
comment on table public.refunds_due is
  'Refunds owed to customers; written only by app.* staff functions, settled by recorded refunds.';

alter table public.refunds_due enable row level security;

-- Table privileges: API roles read; writes go through the definer functions.
revoke all on public.refunds_due from anon, authenticated;
grant select on public.refunds_due to authenticated;

create trigger refunds_due_no_delete before delete on public.refunds_due
  for each row execute function app.refuse_change();
create trigger refunds_due_no_truncate before truncate on public.refunds_due
  for each statement execute function app.refuse_change();

-- Money figures are not for chefs (issue 10: a chef sees no money figures).
create policy "managers read refunds due of their locations" on public.refunds_due
  for select to authenticated using (
    exists (select 1 from public.bookings b where b.id = booking_id
              and b.location_id = any ((select app.managed_location_ids())::uuid[])));
create policy "admins read all refunds due" on public.refunds_due
  for select to authenticated using ((select app.is_admin()));

alter publication supabase_realtime add table public.refunds_due;
-- Change notices for the embedded Realtime (20261130000000_realtime_notify.sql);
-- on real Supabase the function does not exist and WAL streaming is used.
do $$
begin
  if to_regprocedure('realtime.install_notify_triggers()') is not null then
    perform realtime.install_notify_triggers();
  end if;
end
$$;

-- A deposit row confirms a pending booking once the money received covers
-- the deposit (a staff member may record a deposit sent in two parts).
create or replace function app.confirm_on_deposit() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.kind = 'deposit' then
    update public.bookings b set status = 'confirmed'
    where b.id = new.booking_id and b.status = 'pending_deposit'
      and app.booking_paid_cents(b.id) >= b.deposit_cents;
  end if;
  return null;
end
$$;

-- Open refund due of a booking (cents).
create or replace function app.booking_refund_due_cents(p_booking uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select coalesce(sum(r.amount_cents - r.settled_cents), 0)::int
  from public.refunds_due r where r.booking_id = p_booking and r.status = 'due'
$$;

create or replace function app.staff_booking_json(p_booking uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select to_jsonb(b) - 'manage_token_hash' || jsonb_build_object(
    'paid_cents', app.booking_paid_cents(b.id),
    'balance_due_cents', b.total_cents - app.booking_paid_cents(b.id),
    'refund_due_cents', app.booking_refund_due_cents(b.id))
  from public.bookings b where b.id = p_booking and app.can_manage_location(b.location_id)
$$;

-- The payment row as the Staff API shows it.
create or replace function app.payment_json(p public.payments) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p.id, 'kind', case when p.kind = 'refund' then 'refund' else 'payment' end,
    'ledger_kind', p.kind, 'method', p.method, 'amount_cents', p.amount_cents,
    'note', p.note, 'at', p.created_at, 'by', p.recorded_by)
$$;

-- Shared by payment and refund recording: replay by idempotency key.
-- Returns the earlier row when the key was used for the same request, raises
-- IDEMPOTENCY_KEY_REUSED when it was used for another one, null when new.
create or replace function app.payment_replay(
  p_key text, p_booking uuid, p_refund boolean, p_method text, p_amount integer
) returns public.payments
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_prior public.payments;
begin
  if p_key is null then
    return null;
  end if;
  select * into v_prior from public.payments p where p.idempotency_key = p_key;
  if not found then
    return null;
  end if;
  if v_prior.booking_id <> p_booking or (v_prior.kind = 'refund') <> p_refund
     or v_prior.method <> p_method or v_prior.amount_cents <> p_amount then
    raise exception 'IDEMPOTENCY_KEY_REUSED: key % was used for another request', p_key
      using errcode = 'unique_violation', constraint = 'payments_idempotency_key',
            table = 'payments', schema = 'public';
  end if;
  return v_prior;
end
$$;

-- Record money received (SPEC §5 POST …/payments). Idempotent per key: the
-- replay answers the first result with "replayed": true and writes nothing.
-- Paying at least the deposit of a pending_deposit booking confirms it
-- (app.confirm_on_deposit). Returns {payment, booking, replayed}.
create or replace function app.record_payment(
  p_reference text,
  p_method text,
  p_amount_cents integer,
  p_note text default null,
  p_idempotency_key text default null,
  p_expected_updated_at timestamptz default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_payment public.payments;
  v_paid integer;
  v_limit integer;
  v_kind text;
begin
  v_booking := app.staff_lock_booking(p_reference, null);
  v_payment := app.payment_replay(p_idempotency_key, v_booking.id, false, p_method, p_amount_cents);
  if v_payment.id is not null then
    perform app.clear_event_context();
    return jsonb_build_object('payment', app.payment_json(v_payment),
      'booking', app.staff_booking_json(v_booking.id), 'replayed', true);
  end if;
  -- Stale check after the replay: a retried request must get its answer
  -- even though its own first attempt changed the booking.
  perform app.staff_lock_booking(p_reference, p_expected_updated_at);

  if p_method is null or p_method not in ('zelle', 'venmo', 'cash', 'card') then
    raise exception 'INVALID_METHOD: method must be zelle, venmo, cash or card'
      using errcode = 'invalid_parameter_value', constraint = 'payments_method',
            table = 'payments', schema = 'public';
  end if;
  if v_booking.status in ('cancelled', 'expired') then
    perform app.staff_error('INVALID_TRANSITION',
      format('a %s booking takes no payments (record a refund instead)', v_booking.status));
  end if;
  v_paid := app.booking_paid_cents(v_booking.id);
  v_limit := greatest(v_booking.total_cents - v_paid, 0)
    + (select ps.payment_margin_cents from public.pricing_settings ps where ps.id = 1);
  if p_amount_cents is null or p_amount_cents <= 0 or p_amount_cents > v_limit then
    raise exception 'AMOUNT_OUT_OF_RANGE: amount must be between 1 and % cents (balance due % + margin)',
        v_limit, v_booking.total_cents - v_paid
      using errcode = 'invalid_parameter_value', constraint = 'payments_amount_limit',
            table = 'payments', schema = 'public';
  end if;

  v_kind := case when v_booking.status = 'pending_deposit' and v_paid < v_booking.deposit_cents
                 then 'deposit' else 'balance' end;
  -- The confirmation this payment may cause is recorded as 'confirmed'.
  perform set_config('app.event_type', 'confirmed', true);
  insert into public.payments (booking_id, kind, method, amount_cents, provider, recorded_by, note, idempotency_key)
  values (v_booking.id, v_kind, p_method, p_amount_cents, 'manual', auth.uid(),
          nullif(btrim(coalesce(p_note, '')), ''), p_idempotency_key)
  returning * into v_payment;
  perform app.clear_event_context();

  insert into public.booking_events (booking_id, type, actor, actor_id, before, after, note)
  values (v_booking.id, 'payment_recorded', 'staff', auth.uid(),
    jsonb_build_object('paid_cents', v_paid, 'balance_due_cents', v_booking.total_cents - v_paid),
    jsonb_build_object('paid_cents', v_paid + p_amount_cents,
      'balance_due_cents', v_booking.total_cents - v_paid - p_amount_cents,
      'payment_id', v_payment.id, 'method', p_method, 'amount_cents', p_amount_cents, 'kind', v_kind),
    v_payment.note);
  perform app.audit_staff_action('booking.payment_recorded', 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'payment_id', v_payment.id,
      'method', p_method, 'amount_cents', p_amount_cents, 'kind', v_kind,
      'idempotency_key', p_idempotency_key));
  return jsonb_build_object('payment', app.payment_json(v_payment),
    'booking', app.staff_booking_json(v_booking.id), 'replayed', false);
end
$$;

-- Record money paid back (SPEC §5 POST …/refunds). At most the net amount
-- received; settles open refunds due, oldest first. Idempotent per key.
create or replace function app.record_refund(
  p_reference text,
  p_method text,
  p_amount_cents integer,
  p_note text default null,
  p_idempotency_key text default null,
  p_expected_updated_at timestamptz default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_payment public.payments;
  v_paid integer;
  v_left integer;
  v_due record;
  v_take integer;
begin
  v_booking := app.staff_lock_booking(p_reference, null);
  v_payment := app.payment_replay(p_idempotency_key, v_booking.id, true, p_method, p_amount_cents);
  if v_payment.id is not null then
    perform app.clear_event_context();
    return jsonb_build_object('payment', app.payment_json(v_payment),
      'booking', app.staff_booking_json(v_booking.id), 'replayed', true);
  end if;
  perform app.staff_lock_booking(p_reference, p_expected_updated_at);

  if p_method is null or p_method not in ('zelle', 'venmo', 'cash', 'card') then
    raise exception 'INVALID_METHOD: method must be zelle, venmo, cash or card'
      using errcode = 'invalid_parameter_value', constraint = 'payments_method',
            table = 'payments', schema = 'public';
  end if;
  v_paid := app.booking_paid_cents(v_booking.id);
  if p_amount_cents is null or p_amount_cents <= 0 or p_amount_cents > v_paid then
    raise exception 'AMOUNT_OUT_OF_RANGE: a refund must be between 1 and % cents (the net amount received)',
        greatest(v_paid, 0)
      using errcode = 'invalid_parameter_value', constraint = 'payments_amount_limit',
            table = 'payments', schema = 'public';
  end if;

  insert into public.payments (booking_id, kind, method, amount_cents, provider, recorded_by, note, idempotency_key)
  values (v_booking.id, 'refund', p_method, p_amount_cents, 'manual', auth.uid(),
          nullif(btrim(coalesce(p_note, '')), ''), p_idempotency_key)
  returning * into v_payment;

  v_left := p_amount_cents;
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

  insert into public.booking_events (booking_id, type, actor, actor_id, before, after, note)
  values (v_booking.id, 'refund_recorded', 'staff', auth.uid(),
    jsonb_build_object('paid_cents', v_paid),
    jsonb_build_object('paid_cents', v_paid - p_amount_cents, 'payment_id', v_payment.id,
      'method', p_method, 'amount_cents', p_amount_cents,
      'refund_due_cents', app.booking_refund_due_cents(v_booking.id)),
    v_payment.note);
  perform app.audit_staff_action('booking.refund_recorded', 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'payment_id', v_payment.id,
      'method', p_method, 'amount_cents', p_amount_cents, 'idempotency_key', p_idempotency_key));
  perform app.clear_event_context();
  return jsonb_build_object('payment', app.payment_json(v_payment),
    'booking', app.staff_booking_json(v_booking.id), 'replayed', false);
end
$$;

revoke execute on function
  app.booking_refund_due_cents(uuid),
  app.staff_booking_json(uuid),
  app.payment_json(public.payments),
  app.payment_replay(text, uuid, boolean, text, integer),
  app.record_payment(text, text, integer, text, text, timestamptz),
  app.record_refund(text, text, integer, text, text, timestamptz)
from public;
grant execute on function
  app.staff_booking_json(uuid),
  app.record_payment(text, text, integer, text, text, timestamptz),
  app.record_refund(text, text, integer, text, text, timestamptz)
to authenticated, service_role;
