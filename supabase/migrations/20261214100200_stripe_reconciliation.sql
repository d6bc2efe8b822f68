-- Staff reconciliation of card payments (issue 12 item 7, /admin/payments):
-- each Stripe event keeps the object it was about (Checkout Session or
-- charge id) and its amount (amount_total, or the charge's cumulative
-- amount_refunded), so the ledger can be tied out against what Stripe
-- reported; managers and admins may read the events of their bookings.

alter table public.stripe_events
  add column object_id text check (object_id is null or length(object_id) between 1 and 255),
  add column amount_cents integer check (amount_cents is null or amount_cents >= 0);
create index stripe_events_object_idx on public.stripe_events (object_id);
create index stripe_events_received_idx on public.stripe_events (received_at);

-- Called by the webhook right after it claimed a fresh event id.
create or replace function app.stripe_event_details(p_event_id text, p_object_id text, p_amount_cents integer)
returns void
language sql volatile security definer
set search_path = ''
as $$
  update public.stripe_events
  set object_id = nullif(p_object_id, ''), amount_cents = p_amount_cents
  where id = p_event_id
$$;
revoke execute on function app.stripe_event_details(text, text, integer) from public, anon, authenticated;
grant execute on function app.stripe_event_details(text, text, integer) to service_role;

-- Staff read access (writes stay with the webhook's definer functions).
grant select on public.stripe_events to authenticated;
create policy "managers read stripe events of their locations" on public.stripe_events
  for select to authenticated using (
    exists (select 1 from public.bookings b where b.reference = booking_reference
              and b.location_id = any ((select app.managed_location_ids())::uuid[])));
create policy "admins read all stripe events" on public.stripe_events
  for select to authenticated using ((select app.is_admin()));
