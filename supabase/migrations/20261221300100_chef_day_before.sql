-- The assigned chef's day-before mail (issue 12 item 6, ADR 0036): address,
-- party, proteins and add-ons with their menu labels, the customer's notes
-- (allergies) and the notes a manager marked for the chef. Queued by the
-- jobs tick at the app's clock (like the reminders of ADR 0020) from 08:00
-- in the location's time zone on the day before the event until it starts,
-- for confirmed bookings with a chef; once per (booking, chef's address):
-- a chef assigned later still gets one, a repeat tick queues nothing.

create unique index notifications_chef_day_before_once_idx
  on public.notifications (booking_id, recipient)
  where kind = 'chef_day_before';

-- {code: servings} → [{label, servings}] in menu order (unknown codes keep
-- their code as the label).
create or replace function app.menu_lines(p_items jsonb) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'label', coalesce(m.label, e.key), 'servings', (e.value)::int)
         order by m.sort_order nulls last, e.key), '[]')
  from jsonb_each(coalesce(p_items, '{}')) e
  left join public.menu_items m on m.code = e.key
  where (e.value)::int > 0
$$;

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
  select 'chef_day_before', s.email::text, b.id,
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
                          where n.booking_id = b.id and n.for_chef))
  from public.bookings b
  join public.locations l on l.id = b.location_id
  join public.chefs c on c.id = b.chef_id
  join public.staff s on s.user_id = c.user_id and s.active
  where b.status = 'confirmed'
    and b.event_date between (p_now - interval '1 day')::date and (p_now + interval '2 days')::date
    and app.event_starts_at(b.event_date - 1, '08:00', l.timezone) <= p_now
    and app.event_starts_at(b.event_date, b.slot_time, l.timezone) > p_now
  on conflict (booking_id, recipient) where kind = 'chef_day_before' do nothing;
  get diagnostics v_n = row_count;
  return v_n;
end
$$;

revoke execute on function app.menu_lines(jsonb), app.enqueue_chef_day_before(timestamptz)
  from public, anon, authenticated;
grant execute on function app.enqueue_chef_day_before(timestamptz) to service_role;
