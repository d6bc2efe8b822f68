-- Chef portal (issue 10 §6): the .ics route must tell a live feed with no
-- events (an empty calendar, 200) from an unknown or revoked token (404), and
-- app.calendar_feed_events answers no rows for both. This yes/no, for anon,
-- reveals nothing the token holder does not already know.
create or replace function app.calendar_feed_live(p_token text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select p_token is not null and length(p_token) between 32 and 128
     and exists (
       select 1 from public.chef_calendar_feeds f
       join public.chefs c on c.id = f.chef_id and c.active
       where f.token_hash = encode(extensions.digest(p_token, 'sha256'), 'hex')
         and f.revoked_at is null)
$$;

revoke execute on function app.calendar_feed_live(text) from public;
grant execute on function app.calendar_feed_live(text) to anon, authenticated, service_role;
