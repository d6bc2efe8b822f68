-- A chef who already has a booking's day-before mail is told when they are
-- no longer cooking it (ADR 0058). The mail said where to be tomorrow; taken
-- off the booking (unassigned, another chef given it, or moved by a
-- reschedule) or with the booking cancelled, they would otherwise drive out
-- unless somebody called. Chefs who never got the day-before mail learn of
-- changes from their schedule, as before.

create or replace function app.enqueue_chef_released()
returns trigger
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if app.notifications_muted() then
    return null;
  end if;
  -- The event as the chef was told of it (`old`): a reschedule that takes
  -- them off names the date they must not go to, not the new one.
  insert into public.notifications (kind, recipient, booking_id, payload)
  select 'chef_released', s.email::text, old.id,
         app.booking_notice_payload(old) || jsonb_build_object(
           'audience', 'staff',
           'chef_name', c.display_name,
           'release', case
             when new.status = 'cancelled' then 'cancelled'
             when new.chef_id is null then 'unassigned'
             else 'reassigned'
           end)
  from public.chefs c
  join public.staff s on s.user_id = c.user_id
  join public.locations l on l.id = old.location_id
  where c.id = old.chef_id
    and app.event_starts_at(old.event_date, old.slot_time, l.timezone) > now()
    and exists (
      select 1 from public.notifications o
      where o.kind = 'chef_day_before' and o.booking_id = old.id
        and o.recipient = s.email::text);
  return null;
end
$$;

revoke all on function app.enqueue_chef_released() from public, anon, authenticated;

create trigger bookings_chef_released
  after update of chef_id, status on public.bookings
  for each row
  when (old.chef_id is not null and old.status <> 'cancelled' and (
    new.chef_id is distinct from old.chef_id or new.status = 'cancelled'))
  execute function app.enqueue_chef_released();

-- A chef released and then put back on the event gets the day-before mail
-- again at the next tick, marked as an update: its revision counts the
-- releases, so the one they already had does not stop it. Without a release
-- the revision is what it was, so mails queued before this migration are
-- not sent twice.
create or replace function app.enqueue_chef_day_before(p_now timestamptz)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_n integer;
begin
  if app.notifications_muted() then
    return 0;
  end if;
  insert into public.notifications (kind, recipient, booking_id, payload)
  select 'chef_day_before', m.email, m.booking_id,
         m.payload || jsonb_build_object(
           'revision', app.chef_day_before_revision(m.payload)
             || coalesce(':released' || nullif(m.releases, 0)::text, ''),
           'updated', exists (
             select 1 from public.notifications o
             where o.kind = 'chef_day_before' and o.booking_id = m.booking_id
               and o.recipient = m.email))
  from (
    select s.email::text as email, b.id as booking_id,
           (select count(*) from public.notifications r
            where r.kind = 'chef_released' and r.booking_id = b.id
              and r.recipient = s.email::text) as releases,
           app.booking_notice_payload(b) || jsonb_build_object(
             'audience', 'staff',
             'booking_id', b.id,
             'chef_name', c.display_name,
             'proteins', app.menu_lines(b.proteins),
             'extra_proteins', app.menu_lines(b.extra_proteins),
             'addons', app.menu_lines(b.addons),
             'customer_notes', b.notes,
             'chef_notes', (select coalesce(jsonb_agg(n.body order by n.created_at), '[]')
                            from public.booking_notes n
                            where n.booking_id = b.id and n.for_chef)) as payload
    from public.bookings b
    join public.locations l on l.id = b.location_id
    join public.chefs c on c.id = b.chef_id
    join public.staff s on s.user_id = c.user_id and s.active
    where b.status = 'confirmed'
      and b.event_date between (p_now - interval '1 day')::date and (p_now + interval '2 days')::date
      and app.event_starts_at(b.event_date - 1, '08:00', l.timezone) <= p_now
      and app.event_starts_at(b.event_date, b.slot_time, l.timezone) > p_now
  ) m
  on conflict (booking_id, recipient, (payload->>'revision'))
    where kind = 'chef_day_before' do nothing;
  get diagnostics v_n = row_count;
  return v_n;
end
$$;

revoke execute on function app.enqueue_chef_day_before(timestamptz) from public, anon, authenticated;
grant execute on function app.enqueue_chef_day_before(timestamptz) to service_role;
