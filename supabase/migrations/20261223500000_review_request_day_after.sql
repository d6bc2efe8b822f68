-- SPEC §2 (notifications): the review request goes out the day after a
-- completed event, not the moment staff mark it completed (often that same
-- night, while the guests are still at the table). It is scheduled for
-- 10:00 in the location's time zone on the day after the event, or at once
-- when the event was closed out later than that. The outbox already sends a
-- row scheduled for later without holding back the rows before it.
create or replace function app.enqueue_review_request() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_token text := translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_');
  v_payload jsonb;
  v_send_after timestamptz;
begin
  if app.notifications_muted() then
    return null;
  end if;
  insert into public.review_invitations (booking_id, token_hash, expires_at)
  values (new.id, encode(extensions.digest(v_token, 'sha256'), 'hex'), now() + interval '30 days')
  on conflict (booking_id) do nothing;
  if not found then
    return null;
  end if;
  select greatest(now(), ((new.event_date + 1)::timestamp + time '10:00') at time zone l.timezone)
    into v_send_after
    from public.locations l where l.id = new.location_id;
  v_payload := app.booking_notice_payload(new) || jsonb_build_object(
    'audience', 'customer',
    'review_path', '/reviews/new?token=' || v_token,
    'review_expires_at', now() + interval '30 days');
  insert into public.notifications (kind, recipient, booking_id, payload, send_after)
  values ('review_request', v_payload ->> 'customer_email', new.id, v_payload, coalesce(v_send_after, now()))
  on conflict (booking_id, recipient) where kind = 'review_request' do nothing;
  return null;
end
$$;
