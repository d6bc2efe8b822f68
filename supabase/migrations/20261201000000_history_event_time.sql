-- Historical event times for seeding and data imports (engineer H).
--
-- app.record_booking_event stamps every history row with now(), which is right
-- for live traffic but turns a replayed year of bookings (supabase/seed/
-- history.sql) into one instant. A trusted session replaying past changes
-- names their times, transaction-locally, with either
--   set_config('app.event_at', '<timestamptz>', true)            -- every row
--   set_config('app.event_at_by_booking', '{"<booking id>": "<timestamptz>"}', true)
-- and this trigger uses that time for booking_events.at (the per-booking map
-- lets one bulk statement replay many bookings). Callers with API claims
-- (anon, authenticated) can never backdate history: for them both settings
-- are ignored and the row keeps now().
create or replace function app.booking_events_replay_time() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_at text := nullif(current_setting('app.event_at', true), '');
  v_map text := nullif(current_setting('app.event_at_by_booking', true), '');
begin
  if coalesce(auth.role(), '') in ('anon', 'authenticated') then
    return new;
  end if;
  if v_map is not null then
    v_at := coalesce(v_map::jsonb ->> new.booking_id::text, v_at);
  end if;
  if v_at is not null then
    new.at := v_at::timestamptz;
  end if;
  return new;
end
$$;

revoke execute on function app.booking_events_replay_time() from public;

create trigger booking_events_replay_time before insert on public.booking_events
  for each row execute function app.booking_events_replay_time();
