-- Customer reviews (issue 11 item 7, ADR 0035). When a booking becomes
-- `completed` its customer is mailed, through the outbox and exactly once
-- per booking, a single-use link (only the token's sha256 is stored; the
-- link lives in the outbox row until sent, like the manage link). The
-- customer leaves 1–5 stars and a text; the review waits (`pending`) until a
-- manager of the booking's location or an admin approves or hides it
-- (audited). The public site shows approved reviews only; seeded demo
-- reviews are `is_demo` and the production profile never shows them.
--
-- Errors (mapped by lib/reviews):
--   P0002 review_token_exists   unknown link → 404
--   22023 review_token_used     second use → 409
--   22023 review_token_expired  expired link → 410
--   22023 review_rating / review_body / review_display_name → 422 with path
--   42501 reviews_staff_only    chefs, managers of another location → 403
--   P0002 review_exists         unknown review → 404
--   22023 review_status         not approved/hidden → 422 path status

create table public.reviews (
  id uuid primary key default gen_random_uuid(),
  -- Null only for demo reviews: a real review always comes from a booking.
  booking_id uuid references public.bookings (id),
  location_id uuid not null references public.locations (id),
  rating smallint not null check (rating between 1 and 5),
  body text not null check (char_length(btrim(body)) between 10 and 2000),
  display_name text not null check (char_length(btrim(display_name)) between 1 and 60),
  city text not null check (char_length(city) between 1 and 100),
  event_date date not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'hidden')),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  moderated_at timestamptz,
  moderated_by uuid references public.staff (user_id) on delete set null,
  constraint reviews_booking_key unique (booking_id),
  constraint reviews_real_has_booking check (is_demo or booking_id is not null)
);
create index reviews_public_idx on public.reviews (event_date desc, created_at desc)
  where status = 'approved';
create index reviews_location_status_idx on public.reviews (location_id, status, created_at desc);

-- One invitation per booking: the hash of the mailed token, its expiry and
-- when it was used.
create table public.review_invitations (
  booking_id uuid primary key references public.bookings (id),
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  constraint review_invitations_token_hash_key unique (token_hash)
);

alter table public.reviews enable row level security;
alter table public.review_invitations enable row level security;

-- Writes only through the functions below.
revoke insert, update, delete, truncate on public.reviews from anon, authenticated;
revoke all on public.review_invitations from anon, authenticated;
-- The public sees what the site shows: no booking, no moderator.
revoke select on public.reviews from anon;
grant select (id, location_id, rating, body, display_name, city, event_date, status, is_demo, created_at)
  on public.reviews to anon;

create policy "anyone reads approved reviews" on public.reviews
  for select to anon, authenticated using (status = 'approved');
create policy "managers and admins read their locations' reviews" on public.reviews
  for select to authenticated
  using ((select app.is_admin()) or location_id = any ((select app.managed_location_ids())::uuid[]));

-- Approving or hiding changes what /reviews, the home page and the city pages
-- show: every instance's page cache regenerates them (LISTEN catalog_changed).
create trigger reviews_notify_insert_delete after insert or delete on public.reviews
  for each statement execute function app.notify_catalog_changed();
create trigger reviews_notify_status after update on public.reviews
  for each row when (old.status is distinct from new.status or old.body is distinct from new.body)
  execute function app.notify_catalog_changed();

-- Exactly once per booking for the review request (also held by the
-- invitation's primary key).
create unique index notifications_review_request_once_idx on public.notifications (booking_id, recipient)
  where kind = 'review_request';

-- "Priya S.": first name and last initial, the default public name.
create or replace function app.review_default_name(p_name text) returns text
language sql immutable
set search_path = ''
as $$
  select left(case
    when array_length(regexp_split_to_array(btrim(p_name), '\s+'), 1) > 1
      then split_part(btrim(p_name), ' ', 1) || ' '
           || upper(left((regexp_split_to_array(btrim(p_name), '\s+'))[
                array_length(regexp_split_to_array(btrim(p_name), '\s+'), 1)], 1)) || '.'
    else btrim(p_name)
  end, 60)
$$;

-- The review request: on completion, once per booking, unless muted
-- (history replays). The token exists only in this transaction and the
-- outbox row (`review_path`, dropped once sent).
create or replace function app.enqueue_review_request() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_token text := translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_');
  v_payload jsonb;
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
  v_payload := app.booking_notice_payload(new) || jsonb_build_object(
    'audience', 'customer',
    'review_path', '/reviews/new?token=' || v_token,
    'review_expires_at', now() + interval '30 days');
  insert into public.notifications (kind, recipient, booking_id, payload)
  values ('review_request', v_payload ->> 'customer_email', new.id, v_payload)
  on conflict (booking_id, recipient) where kind = 'review_request' do nothing;
  return null;
end
$$;

create trigger bookings_review_request after update of status on public.bookings
  for each row when (new.status = 'completed' and old.status is distinct from 'completed')
  execute function app.enqueue_review_request();

-- What the review page shows for a link: its state and the booking's facts.
create or replace function app.review_invitation(p_token text)
returns table (state text, display_name text, event_date date, location_name text, city text)
language sql stable security definer
set search_path = ''
as $$
  select case when i.used_at is not null then 'used'
              when i.expires_at <= now() then 'expired'
              else 'open' end,
         app.review_default_name(c.name), b.event_date, l.name, b.city
  from public.review_invitations i
  join public.bookings b on b.id = i.booking_id
  join public.customers c on c.id = b.customer_id
  join public.locations l on l.id = b.location_id
  where i.token_hash = encode(extensions.digest(coalesce(p_token, ''), 'sha256'), 'hex')
$$;

-- Leave the review: uses the link up, the review waits for moderation.
create or replace function app.submit_review(
  p_token text, p_rating integer, p_body text, p_display_name text
) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_inv public.review_invitations;
  v_booking public.bookings;
  v_body text := btrim(coalesce(p_body, ''));
  v_name text := btrim(coalesce(p_display_name, ''));
  v_id uuid;
begin
  select * into v_inv from public.review_invitations i
  where i.token_hash = encode(extensions.digest(coalesce(p_token, ''), 'sha256'), 'hex')
  for update;
  if not found then
    raise exception 'NOT_FOUND: unknown review link'
      using errcode = 'no_data_found', constraint = 'review_token_exists';
  end if;
  if v_inv.used_at is not null then
    raise exception 'USED: this review link was already used'
      using errcode = 'invalid_parameter_value', constraint = 'review_token_used';
  end if;
  if v_inv.expires_at <= now() then
    raise exception 'EXPIRED: this review link has expired'
      using errcode = 'invalid_parameter_value', constraint = 'review_token_expired';
  end if;
  if p_rating is null or p_rating not between 1 and 5 then
    raise exception 'INVALID_RATING: 1 to 5 stars'
      using errcode = 'invalid_parameter_value', constraint = 'review_rating';
  end if;
  if char_length(v_body) not between 10 and 2000 then
    raise exception 'INVALID_BODY: a review has 10 to 2000 characters'
      using errcode = 'invalid_parameter_value', constraint = 'review_body';
  end if;
  if char_length(v_name) not between 1 and 60 then
    raise exception 'INVALID_NAME: a display name has 1 to 60 characters'
      using errcode = 'invalid_parameter_value', constraint = 'review_display_name';
  end if;
  select * into v_booking from public.bookings b where b.id = v_inv.booking_id;
  insert into public.reviews (booking_id, location_id, rating, body, display_name, city, event_date)
  values (v_booking.id, v_booking.location_id, p_rating, v_body, v_name, v_booking.city, v_booking.event_date)
  returning id into v_id;
  update public.review_invitations set used_at = now() where booking_id = v_inv.booking_id;
  return v_id;
end
$$;

-- Approve or hide (or back to approved from hidden): managers of the
-- review's location and admins; audited.
create or replace function app.moderate_review(p_review uuid, p_status text)
returns public.reviews
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_before public.reviews;
  v_after public.reviews;
begin
  if not coalesce(app.staff_role() in ('manager', 'admin'), false) then
    raise exception 'FORBIDDEN: reviews are moderated by managers and admins'
      using errcode = 'insufficient_privilege', constraint = 'reviews_staff_only';
  end if;
  if p_status is null or p_status not in ('approved', 'hidden') then
    raise exception 'INVALID_STATUS: approved or hidden'
      using errcode = 'invalid_parameter_value', constraint = 'review_status';
  end if;
  select * into v_before from public.reviews r where r.id = p_review for update;
  if not found then
    raise exception 'NOT_FOUND: no review %', p_review
      using errcode = 'no_data_found', constraint = 'review_exists';
  end if;
  if not (app.is_admin() or v_before.location_id = any (app.managed_location_ids())) then
    raise exception 'FORBIDDEN: this review belongs to a location you do not manage'
      using errcode = 'insufficient_privilege', constraint = 'reviews_staff_only';
  end if;
  update public.reviews r
    set status = p_status, moderated_at = now(), moderated_by = auth.uid()
    where r.id = p_review
    returning * into v_after;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(),
    case p_status when 'approved' then 'review.approve' else 'review.hide' end,
    'reviews', p_review::text,
    jsonb_build_object('before', jsonb_build_object('status', v_before.status),
                       'after', jsonb_build_object('status', v_after.status)));
  return v_after;
end
$$;

revoke execute on function
  app.review_default_name(text),
  app.enqueue_review_request(),
  app.review_invitation(text),
  app.submit_review(text, integer, text, text),
  app.moderate_review(uuid, text)
from public;
grant execute on function
  app.review_invitation(text),
  app.submit_review(text, integer, text, text)
to anon, authenticated, service_role;
grant execute on function app.moderate_review(uuid, text) to authenticated, service_role;
