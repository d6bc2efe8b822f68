-- A chef who already has a booking's day-before mail is told when they are
-- no longer cooking it (ADR 0058). The mail said where to be tomorrow; taken
-- off the booking (unassigned, or another chef given it) or with the booking
-- cancelled, they would otherwise drive out unless somebody called. Chefs who
-- never got the day-before mail learn of changes from their schedule, as
-- before.

create or replace function app.enqueue_chef_released()
returns trigger
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if app.notifications_muted() then
    return null;
  end if;
  insert into public.notifications (kind, recipient, booking_id, payload)
  select 'chef_released', s.email::text, new.id,
         app.booking_notice_payload(new) || jsonb_build_object(
           'audience', 'staff',
           'chef_name', c.display_name,
           'release', case
             when new.status = 'cancelled' and old.status <> 'cancelled' then 'cancelled'
             when new.chef_id is null then 'unassigned'
             else 'reassigned'
           end)
  from public.chefs c
  join public.staff s on s.user_id = c.user_id
  where c.id = old.chef_id
    and exists (
      select 1 from public.notifications o
      where o.kind = 'chef_day_before' and o.booking_id = new.id
        and o.recipient = s.email::text);
  return null;
end
$$;

revoke all on function app.enqueue_chef_released() from public, anon, authenticated;

create trigger bookings_chef_released
  after update of chef_id, status on public.bookings
  for each row
  when (old.chef_id is not null and (
    new.chef_id is distinct from old.chef_id
    or (new.status = 'cancelled' and old.status <> 'cancelled')))
  execute function app.enqueue_chef_released();
