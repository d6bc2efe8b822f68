-- The chef's day-before mail is sent again when what it says changes
-- (ADR 0036 amendment). It went out once per (booking, chef's address): a
-- time, address, party, menu or note changed after 08:00 the day before
-- reached the chef only if somebody called. Now each mail carries a
-- revision (md5 of what the chef reads); the tick queues one mail per
-- (booking, chef's address, revision), so a repeat tick still queues
-- nothing, a change queues one more, marked `updated`.

-- What the chef reads, as one text: the revision of a day-before mail.
create or replace function app.chef_day_before_revision(p_payload jsonb)
returns text
language sql immutable
set search_path = ''
as $$
  select md5(jsonb_build_object(
    'event_date', p_payload->'event_date',
    'slot_time', p_payload->'slot_time',
    'timezone', p_payload->'timezone',
    'address', p_payload->'address',
    'adults', p_payload->'adults',
    'children', p_payload->'children',
    'under6', p_payload->'under6',
    'customer_name', p_payload->'customer_name',
    'customer_phone', p_payload->'customer_phone',
    'chef_name', p_payload->'chef_name',
    'proteins', p_payload->'proteins',
    'extra_proteins', p_payload->'extra_proteins',
    'addons', p_payload->'addons',
    'customer_notes', p_payload->'customer_notes',
    'chef_notes', p_payload->'chef_notes')::text)
$$;

-- Mails queued before this migration get the revision of what they said.
update public.notifications
set payload = payload || jsonb_build_object(
  'revision', app.chef_day_before_revision(payload))
where kind = 'chef_day_before' and not payload ? 'revision';

drop index public.notifications_chef_day_before_once_idx;
create unique index notifications_chef_day_before_revision_idx
  on public.notifications (booking_id, recipient, (payload->>'revision'))
  where kind = 'chef_day_before';

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
           'revision', app.chef_day_before_revision(m.payload),
           'updated', exists (
             select 1 from public.notifications o
             where o.kind = 'chef_day_before' and o.booking_id = m.booking_id
               and o.recipient = m.email))
  from (
    select s.email::text as email, b.id as booking_id,
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

revoke execute on function app.chef_day_before_revision(jsonb), app.enqueue_chef_day_before(timestamptz)
  from public, anon, authenticated;
grant execute on function app.enqueue_chef_day_before(timestamptz) to service_role;
