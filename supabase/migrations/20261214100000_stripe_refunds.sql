-- Refunds through Stripe (SPEC §2 Payments, §5 "approving a cancellation …
-- creates the deposit refund (through Stripe for card payments …)"; issue 12
-- item 4, ADR 0019).
--
-- A refund owed (public.refunds_due: a cancellation approved in time, money
-- received for a cancelled booking) is queued here as one Stripe refund per
-- PaymentIntent the booking was paid with, in the same transaction that
-- makes it due (a trigger), so every path (staff action, webhook) queues it
-- and a rolled-back action queues nothing. The app's refunds job
-- (lib/payments/refunds.ts) claims queued rows with `for update skip locked`,
-- calls Stripe with the row's idempotency key (one per refund due and
-- PaymentIntent: a retry after a crash or an outage refunds once) and marks
-- the row `requested`. The ledger row arrives with the webhook
-- (`charge.refunded`, app.stripe_record_refund), which also marks the
-- requests `succeeded`; `refund.failed` marks one `failed` and leaves the
-- refund due open for staff.

create table public.stripe_refunds (
  id uuid primary key default gen_random_uuid(),
  refund_due_id uuid not null references public.refunds_due (id),
  booking_id uuid not null references public.bookings (id),
  payment_intent text not null check (length(payment_intent) between 1 and 255),
  amount_cents integer not null check (amount_cents > 0),
  idempotency_key text not null check (length(idempotency_key) between 1 and 255),
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'requested', 'succeeded', 'failed')),
  stripe_refund_id text check (stripe_refund_id is null or length(stripe_refund_id) between 1 and 255),
  attempts integer not null default 0 check (attempts >= 0),
  -- Null = due now. Set from the app's clock (retries, leases), never the
  -- database's, so tests on an injected clock decide when a retry is due.
  next_attempt_at timestamptz,
  last_error text check (last_error is null or length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  requested_at timestamptz,
  settled_at timestamptz,
  constraint stripe_refunds_idempotency_key unique (idempotency_key)
);
create index stripe_refunds_booking_idx on public.stripe_refunds (booking_id, created_at);
create index stripe_refunds_payment_intent_idx on public.stripe_refunds (payment_intent, created_at);
create index stripe_refunds_open_idx on public.stripe_refunds (created_at)
  where status in ('queued', 'sending');
comment on table public.stripe_refunds is
  'Refunds sent (or to send) through Stripe; queued with the refund due, claimed by the refunds job, settled by the webhook.';

alter table public.stripe_refunds enable row level security;
revoke all on public.stripe_refunds from anon, authenticated;
grant select on public.stripe_refunds to authenticated;

-- Money figures are not for chefs; managers see their locations, admins all.
create policy "managers read stripe refunds of their locations" on public.stripe_refunds
  for select to authenticated using (
    exists (select 1 from public.bookings b where b.id = booking_id
              and b.location_id = any ((select app.managed_location_ids())::uuid[])));
create policy "admins read all stripe refunds" on public.stripe_refunds
  for select to authenticated using ((select app.is_admin()));

-- Queue the Stripe part of a new refund due: oldest card payment first, at
-- most what each PaymentIntent brought in minus what is already being
-- refunded from it. Whatever no card payment covers stays for staff to
-- record (Zelle/Venmo/cash).
create or replace function app.queue_stripe_refunds() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_left integer := new.amount_cents - new.settled_cents;
  v_pay record;
  v_take integer;
  v_reference text;
begin
  select b.reference into v_reference from public.bookings b where b.id = new.booking_id;
  for v_pay in
    select p.provider_reference as pi, sum(p.amount_cents)::int as paid
    from public.payments p
    where p.booking_id = new.booking_id and p.provider = 'stripe' and p.kind <> 'refund'
      and p.provider_reference like 'pi\_%'
    group by p.provider_reference
    order by min(p.created_at), p.provider_reference
  loop
    exit when v_left <= 0;
    v_take := least(v_left, v_pay.paid - coalesce((
      select sum(r.amount_cents)::int from public.stripe_refunds r
      where r.payment_intent = v_pay.pi and r.status <> 'failed'), 0));
    if v_take > 0 then
      insert into public.stripe_refunds (refund_due_id, booking_id, payment_intent, amount_cents, idempotency_key)
      values (new.id, new.booking_id, v_pay.pi, v_take,
              format('refund:%s:%s:%s', v_reference, new.id, v_pay.pi));
      v_left := v_left - v_take;
    end if;
  end loop;
  return null;
end
$$;

create trigger refunds_due_queue_stripe after insert on public.refunds_due
  for each row execute function app.queue_stripe_refunds();

-- charge.refunded (cumulative amount_refunded of a PaymentIntent's charge):
-- the requests of that PaymentIntent covered by it are done, oldest first.
create or replace function app.stripe_refunds_settled(p_payment_intent text, p_amount_refunded integer)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_n integer;
begin
  with ordered as (
    select r.id, r.status, sum(r.amount_cents) over (order by r.created_at, r.id) as running
    from public.stripe_refunds r
    where r.payment_intent = p_payment_intent and r.status <> 'failed'
  )
  update public.stripe_refunds r set status = 'succeeded', settled_at = now(), last_error = null
  from ordered o
  where r.id = o.id and o.running <= p_amount_refunded and o.status <> 'succeeded';
  get diagnostics v_n = row_count;
  return v_n;
end
$$;

-- refund.failed / charge.refund.updated with status failed: the request is
-- failed (staff see it on /admin/payments; the refund due stays open).
-- Answers the booking reference, null when the refund is not ours.
create or replace function app.stripe_refund_failed(p_refund_id text, p_payment_intent text, p_reason text)
returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_row public.stripe_refunds;
  v_reference text;
begin
  update public.stripe_refunds r set status = 'failed',
    last_error = left('Stripe: refund failed (' || coalesce(p_reason, 'no reason given') || ')', 1000)
  where r.id = (select x.id from public.stripe_refunds x
                where x.stripe_refund_id = p_refund_id
                   or (x.stripe_refund_id is null and x.payment_intent = p_payment_intent
                       and x.status in ('sending', 'requested'))
                order by (x.stripe_refund_id = p_refund_id) desc nulls last, x.created_at
                limit 1)
  returning * into v_row;
  if v_row.id is null then
    return null;
  end if;
  select b.reference into v_reference from public.bookings b where b.id = v_row.booking_id;
  insert into public.audit_log (actor, action, entity, entity_id, details)
  values ('stripe', 'refund.stripe_failed', 'booking', v_row.booking_id::text,
    jsonb_build_object('reference', v_reference, 'stripe_refund_id', p_refund_id,
      'amount_cents', v_row.amount_cents, 'reason', p_reason));
  return v_reference;
end
$$;

revoke execute on function
  app.queue_stripe_refunds(),
  app.stripe_refunds_settled(text, integer),
  app.stripe_refund_failed(text, text, text)
from public, anon, authenticated;
grant execute on function
  app.stripe_refunds_settled(text, integer),
  app.stripe_refund_failed(text, text, text)
to service_role;
