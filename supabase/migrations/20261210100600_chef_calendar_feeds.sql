-- A private, revocable .ics feed per chef (issue 10 §6): the chef's phone
-- calendar polls a secret URL without signing in. Only the token's sha256
-- is stored (like manage tokens, ADR 0003); the token is shown once, when it
-- is (re)issued. Issuing a new one revokes the old one; the chef, their
-- managers and admins can revoke it.
--
-- The feed carries no money figures: date, slot, zone, reference, status,
-- address, party and menu, the customer's name and phone, the notes.
create table public.chef_calendar_feeds (
  chef_id uuid primary key references public.chefs (id) on delete cascade,
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid references public.staff (user_id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint chef_calendar_feeds_token_hash_key unique (token_hash)
);
comment on table public.chef_calendar_feeds is
  'One secret .ics feed token (sha256) per chef; written only by app.* functions.';

alter table public.chef_calendar_feeds enable row level security;

-- Readers see whether a feed exists and when it was issued/revoked, never the hash.
revoke all on public.chef_calendar_feeds from anon, authenticated;
grant select (chef_id, created_by, created_at, revoked_at) on public.chef_calendar_feeds to authenticated;

create policy "chefs read own feed" on public.chef_calendar_feeds
  for select to authenticated using (chef_id = (select app.chef_id()));
create policy "managers read feeds of their chefs" on public.chef_calendar_feeds
  for select to authenticated using (
    exists (select 1 from public.chefs c where c.id = chef_id
              and c.location_id = any ((select app.managed_location_ids())::uuid[])));
create policy "admins read all feeds" on public.chef_calendar_feeds
  for select to authenticated using ((select app.is_admin()));

-- Who may issue or revoke the feed of p_chef: the chef, or a manager/admin of it.
create or replace function app.may_manage_chef_feed(p_chef uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce(p_chef = app.chef_id(), false)
      or exists (select 1 from public.chefs c where c.id = p_chef and app.can_manage_location(c.location_id))
$$;

-- Issue a new secret for the chef's feed (revoking the previous one) and
-- return it. The caller builds the URL (/api/calendar/<token>.ics or similar).
create or replace function app.issue_calendar_feed(p_chef uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_token text := encode(extensions.gen_random_bytes(24), 'hex');
begin
  if p_chef is null or not app.may_manage_chef_feed(p_chef) then
    perform app.staff_error('FORBIDDEN', 'only the chef and their managers manage the calendar feed');
  end if;
  insert into public.chef_calendar_feeds (chef_id, token_hash, created_by)
  values (p_chef, encode(extensions.digest(v_token, 'sha256'), 'hex'), auth.uid())
  on conflict (chef_id) do update set token_hash = excluded.token_hash,
    created_by = excluded.created_by, created_at = now(), revoked_at = null;
  perform app.audit_staff_action('chef.calendar_feed_issued', 'chef', p_chef::text, '{}');
  return v_token;
end
$$;

create or replace function app.revoke_calendar_feed(p_chef uuid) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_n integer;
begin
  if p_chef is null or not app.may_manage_chef_feed(p_chef) then
    perform app.staff_error('FORBIDDEN', 'only the chef and their managers manage the calendar feed');
  end if;
  update public.chef_calendar_feeds set revoked_at = now()
  where chef_id = p_chef and revoked_at is null;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    perform app.audit_staff_action('chef.calendar_feed_revoked', 'chef', p_chef::text, '{}');
  end if;
  return v_n > 0;
end
$$;

-- The feed itself, for the server's unauthenticated .ics route (anon): the
-- chef's chef-holding events from p_from on (default: 30 days back), or no
-- rows for an unknown or revoked token.
create or replace function app.calendar_feed_events(p_token text, p_from date default null)
returns table (
  chef_name text, reference text, status text, event_date date, slot_time text, timezone text,
  location_name text, address text, adults integer, children integer, under6 integer,
  proteins jsonb, extra_proteins jsonb, addons jsonb, customer_name text, customer_phone text,
  notes text, updated_at timestamptz
)
language sql stable security definer
set search_path = ''
as $$
  select c.display_name, b.reference, b.status, b.event_date, b.slot_time, l.timezone, l.name,
         concat_ws(', ', b.address_line1, b.address_line2, b.city, b.state || ' ' || b.zip),
         b.adults, b.children, b.under6, b.proteins, b.extra_proteins, b.addons,
         cu.name, cu.phone, b.notes, b.updated_at
  from public.chef_calendar_feeds f
  join public.chefs c on c.id = f.chef_id and c.active
  join public.bookings b on b.chef_id = c.id and app.holds_chef(b.status)
  join public.locations l on l.id = b.location_id
  join public.customers cu on cu.id = b.customer_id
  where p_token is not null and length(p_token) between 32 and 128
    and f.token_hash = encode(extensions.digest(p_token, 'sha256'), 'hex')
    and f.revoked_at is null
    and b.event_date >= coalesce(p_from, current_date - 30)
  order by b.event_date, b.slot_time
$$;

revoke execute on function
  app.may_manage_chef_feed(uuid),
  app.issue_calendar_feed(uuid),
  app.revoke_calendar_feed(uuid),
  app.calendar_feed_events(text, date)
from public;
grant execute on function app.issue_calendar_feed(uuid), app.revoke_calendar_feed(uuid)
  to authenticated, service_role;
grant execute on function app.calendar_feed_events(text, date) to anon, authenticated, service_role;
