-- Row Level Security policies, named for what they allow (SPEC §1).
-- anon: active locations, active menu items, pricing settings; availability
-- via public.slot_availability; bookings only through app.* functions.
-- chef: own chef row, own time off, own assigned bookings (+ their customers).
-- manager: everything of the locations they run. admin: everything.

-- locations --------------------------------------------------------------
create policy "anyone reads active locations" on public.locations
  for select to anon, authenticated using (active);
create policy "staff read all locations" on public.locations
  for select to authenticated using (app.is_staff());
create policy "admins insert locations" on public.locations
  for insert to authenticated with check (app.is_admin());
create policy "admins update locations" on public.locations
  for update to authenticated using (app.is_admin()) with check (app.is_admin());
create policy "admins delete locations" on public.locations
  for delete to authenticated using (app.is_admin());

-- menu_items -------------------------------------------------------------
create policy "anyone reads active menu items" on public.menu_items
  for select to anon, authenticated using (active);
create policy "staff read all menu items" on public.menu_items
  for select to authenticated using (app.is_staff());
create policy "admins insert menu items" on public.menu_items
  for insert to authenticated with check (app.is_admin());
create policy "admins update menu items" on public.menu_items
  for update to authenticated using (app.is_admin()) with check (app.is_admin());
create policy "admins delete menu items" on public.menu_items
  for delete to authenticated using (app.is_admin());

-- pricing_settings -------------------------------------------------------
create policy "anyone reads pricing settings" on public.pricing_settings
  for select to anon, authenticated using (true);
create policy "admins update pricing settings" on public.pricing_settings
  for update to authenticated using (app.is_admin()) with check (app.is_admin());

-- blackout_dates ---------------------------------------------------------
create policy "staff read blackout dates" on public.blackout_dates
  for select to authenticated using (app.is_staff());
create policy "managers and admins insert blackout dates" on public.blackout_dates
  for insert to authenticated
  with check (app.is_admin() or location_id = any (app.managed_location_ids()));
create policy "managers and admins delete blackout dates" on public.blackout_dates
  for delete to authenticated
  using (app.is_admin() or location_id = any (app.managed_location_ids()));

-- staff ------------------------------------------------------------------
create policy "staff read own staff row" on public.staff
  for select to authenticated using (user_id = auth.uid());
create policy "managers read staff of their locations" on public.staff
  for select to authenticated using (
    exists (select 1 from public.staff_locations sl
            where sl.user_id = staff.user_id
              and sl.location_id = any (app.managed_location_ids())));
create policy "admins read all staff" on public.staff
  for select to authenticated using (app.is_admin());
create policy "admins insert staff" on public.staff
  for insert to authenticated with check (app.is_admin());
create policy "admins update staff" on public.staff
  for update to authenticated using (app.is_admin()) with check (app.is_admin());
create policy "admins delete staff" on public.staff
  for delete to authenticated using (app.is_admin());

-- staff_locations --------------------------------------------------------
create policy "staff read own location links" on public.staff_locations
  for select to authenticated using (user_id = auth.uid());
create policy "managers read links of their locations" on public.staff_locations
  for select to authenticated using (location_id = any (app.managed_location_ids()));
create policy "admins read all location links" on public.staff_locations
  for select to authenticated using (app.is_admin());
create policy "admins insert location links" on public.staff_locations
  for insert to authenticated with check (app.is_admin());
create policy "admins delete location links" on public.staff_locations
  for delete to authenticated using (app.is_admin());

-- chefs ------------------------------------------------------------------
create policy "chefs read own chef row" on public.chefs
  for select to authenticated using (user_id = auth.uid() and app.is_staff());
create policy "chefs update own weekdays" on public.chefs
  for update to authenticated using (id = app.chef_id()) with check (id = app.chef_id());
create policy "managers read chefs of their locations" on public.chefs
  for select to authenticated using (location_id = any (app.managed_location_ids()));
create policy "managers insert chefs of their locations" on public.chefs
  for insert to authenticated with check (location_id = any (app.managed_location_ids()));
create policy "managers update chefs of their locations" on public.chefs
  for update to authenticated
  using (location_id = any (app.managed_location_ids()))
  with check (location_id = any (app.managed_location_ids()));
create policy "admins manage all chefs" on public.chefs
  for all to authenticated using (app.is_admin()) with check (app.is_admin());

-- chef_time_off ----------------------------------------------------------
create policy "chefs read own time off" on public.chef_time_off
  for select to authenticated using (chef_id = app.chef_id());
create policy "chefs request own time off" on public.chef_time_off
  for insert to authenticated
  with check (chef_id = app.chef_id() and status = 'requested' and decided_by is null);
create policy "chefs withdraw own pending time off" on public.chef_time_off
  for delete to authenticated using (chef_id = app.chef_id() and status = 'requested');
create policy "managers manage time off of their chefs" on public.chef_time_off
  for all to authenticated
  using (exists (select 1 from public.chefs c where c.id = chef_id
                 and c.location_id = any (app.managed_location_ids())))
  with check (exists (select 1 from public.chefs c where c.id = chef_id
                      and c.location_id = any (app.managed_location_ids())));
create policy "admins manage all time off" on public.chef_time_off
  for all to authenticated using (app.is_admin()) with check (app.is_admin());

-- bookings ---------------------------------------------------------------
create policy "chefs read own assigned bookings" on public.bookings
  for select to authenticated using (chef_id is not null and chef_id = app.chef_id());
create policy "managers read bookings of their locations" on public.bookings
  for select to authenticated using (location_id = any (app.managed_location_ids()));
create policy "managers insert bookings of their locations" on public.bookings
  for insert to authenticated with check (location_id = any (app.managed_location_ids()));
create policy "managers update bookings of their locations" on public.bookings
  for update to authenticated
  using (location_id = any (app.managed_location_ids()))
  with check (location_id = any (app.managed_location_ids()));
create policy "admins read all bookings" on public.bookings
  for select to authenticated using (app.is_admin());
create policy "admins insert bookings" on public.bookings
  for insert to authenticated with check (app.is_admin());
create policy "admins update bookings" on public.bookings
  for update to authenticated using (app.is_admin()) with check (app.is_admin());
-- No delete policy: bookings are cancelled, never deleted.

-- holds ------------------------------------------------------------------
create policy "managers read holds of their locations" on public.holds
  for select to authenticated using (location_id = any (app.managed_location_ids()));
create policy "admins read all holds" on public.holds
  for select to authenticated using (app.is_admin());

-- customers --------------------------------------------------------------
create policy "chefs read customers of their bookings" on public.customers
  for select to authenticated using (
    exists (select 1 from public.bookings b
            where b.customer_id = customers.id and b.chef_id is not null
              and b.chef_id = app.chef_id()));
create policy "managers read customers of their locations" on public.customers
  for select to authenticated using (
    exists (select 1 from public.bookings b
            where b.customer_id = customers.id
              and b.location_id = any (app.managed_location_ids())));
create policy "managers update customers of their locations" on public.customers
  for update to authenticated
  using (exists (select 1 from public.bookings b
                 where b.customer_id = customers.id
                   and b.location_id = any (app.managed_location_ids())))
  with check (true);
create policy "managers insert customers" on public.customers
  for insert to authenticated with check (cardinality(app.managed_location_ids()) > 0);
create policy "admins manage all customers" on public.customers
  for all to authenticated using (app.is_admin()) with check (app.is_admin());

-- booking_events ---------------------------------------------------------
-- Visible with the booking (the subquery runs under the caller's bookings policies).
create policy "staff read events of visible bookings" on public.booking_events
  for select to authenticated using (
    exists (select 1 from public.bookings b where b.id = booking_id));
create policy "managers and admins add notes to visible bookings" on public.booking_events
  for insert to authenticated with check (
    type = 'note' and actor = 'staff' and actor_id = auth.uid()
    and (app.is_admin() or app.staff_role() = 'manager')
    and exists (select 1 from public.bookings b where b.id = booking_id));

-- payments ---------------------------------------------------------------
create policy "managers read payments of their locations" on public.payments
  for select to authenticated using (
    exists (select 1 from public.bookings b where b.id = booking_id
              and b.location_id = any (app.managed_location_ids())));
create policy "managers record payments of their locations" on public.payments
  for insert to authenticated with check (
    provider = 'manual' and recorded_by = auth.uid()
    and exists (select 1 from public.bookings b where b.id = booking_id
                  and b.location_id = any (app.managed_location_ids())));
create policy "admins read all payments" on public.payments
  for select to authenticated using (app.is_admin());
create policy "admins record payments" on public.payments
  for insert to authenticated with check (
    app.is_admin() and provider = 'manual' and recorded_by = auth.uid());

-- audit_log --------------------------------------------------------------
create policy "admins read the audit log" on public.audit_log
  for select to authenticated using (app.is_admin());
create policy "staff append own audit entries" on public.audit_log
  for insert to authenticated with check (app.is_staff() and actor_id = auth.uid());

-- notifications: no API policies; the outbox worker runs privileged. -------
create policy "admins read notifications" on public.notifications
  for select to authenticated using (app.is_admin());

-- Chefs may edit only their working weekdays on their own row; the rest of
-- the row (location, rating, active) belongs to managers and admins.
create or replace function app.chefs_self_edit_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.id = app.chef_id() and not app.is_admin()
     and not (old.location_id = any (app.managed_location_ids()))
     and (to_jsonb(new) - 'weekdays' - 'updated_at') <> (to_jsonb(old) - 'weekdays' - 'updated_at') then
    raise exception 'chefs may only change their weekdays'
      using errcode = 'insufficient_privilege', constraint = 'chefs_self_edit',
            table = 'chefs', schema = 'public';
  end if;
  return new;
end
$$;

create trigger chefs_self_edit_guard before update on public.chefs
  for each row execute function app.chefs_self_edit_guard();
