-- Deterministic seed (SPEC §2 defaults): two locations, the menu, pricing,
-- staff users (admin, Fremont manager, six chefs) and their chefs.
-- Fixed ids so tests and docs can name them. Booking history lives in
-- seed/*.sql (run after this file, see config.toml [db.seed]).

insert into public.locations (id, slug, name, zip, timezone, active, sort_order) values
  ('10000000-0000-4000-8000-000000000001', 'fremont', 'Fremont', '94539', 'America/Los_Angeles', true, 1),
  ('10000000-0000-4000-8000-000000000002', 'sacramento', 'Sacramento', '95814', 'America/Los_Angeles', true, 2)
on conflict (id) do nothing;

insert into public.pricing_settings (
  id, adult_price_cents, child_price_cents, extra_protein_cents, proteins_per_guest,
  minimum_food_cents, free_travel_miles, travel_fee_per_mile_cents, max_travel_miles,
  sales_tax_bps, deposit_cents, max_party_size, hold_minutes, min_lead_hours, max_lead_days,
  deposit_due_hours, free_cancellation_hours, free_reschedule_hours, reschedule_fee_cents,
  guest_count_final_hours, menu_final_hours, suggested_gratuity_percent, slot_times,
  zelle_handle, venmo_handle
) values (
  1, 5500, 3000, 1000, 2,
  55000, 30, 200, 150,
  825, 10000, 50, 15, 48, 365,
  24, 96, 24, 10000,
  24, 12, 20, '{12:00,15:00,18:00,21:00}',
  'payments@myhibachi.example', '@MyHibachi'
) on conflict (id) do nothing;

insert into public.menu_items (code, kind, label, premium_surcharge_cents, price_cents, active, sort_order) values
  ('chicken', 'protein', 'Chicken', 0, 0, true, 10),
  ('steak', 'protein', 'Steak (NY strip)', 0, 0, true, 20),
  ('shrimp', 'protein', 'Shrimp', 0, 0, true, 30),
  ('calamari', 'protein', 'Calamari', 0, 0, true, 40),
  ('tofu', 'protein', 'Tofu', 0, 0, true, 50),
  ('salmon', 'protein', 'Salmon', 500, 0, true, 60),
  ('scallops', 'protein', 'Scallops', 500, 0, true, 70),
  ('filet_mignon', 'protein', 'Filet mignon', 500, 0, true, 80),
  ('lobster_tail', 'protein', 'Lobster tail', 1500, 0, true, 90),
  ('yakisoba', 'addon', 'Yakisoba noodles', 0, 500, true, 110),
  ('extra_fried_rice', 'addon', 'Extra fried rice', 0, 500, true, 120),
  ('extra_vegetables', 'addon', 'Extra vegetables', 0, 500, true, 130),
  ('edamame', 'addon', 'Edamame', 0, 500, true, 140),
  ('gyoza', 'addon', 'Gyoza', 0, 1000, true, 150)
on conflict (code) do nothing;

-- Staff sign in with magic links: confirmed e-mail, no password. Token
-- columns are '' rather than NULL because GoTrue scans them as strings.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select '00000000-0000-0000-0000-000000000000', u.id::uuid, 'authenticated', 'authenticated',
       u.email, '', '2026-01-01 00:00:00+00', '', '', '', '',
       '{"provider":"email","providers":["email"]}', jsonb_build_object('full_name', u.full_name),
       '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'
from (values
  ('20000000-0000-4000-8000-000000000001', 'admin@myhibachi.example', 'Avery Admin'),
  ('20000000-0000-4000-8000-000000000002', 'manager@myhibachi.example', 'Morgan Manager'),
  ('20000000-0000-4000-8000-000000000011', 'chef1@myhibachi.example', 'Kenji Sato'),
  ('20000000-0000-4000-8000-000000000012', 'chef2@myhibachi.example', 'Maria Lopez'),
  ('20000000-0000-4000-8000-000000000013', 'chef3@myhibachi.example', 'Daniel Kim'),
  ('20000000-0000-4000-8000-000000000014', 'chef4@myhibachi.example', 'Aiko Tanaka'),
  ('20000000-0000-4000-8000-000000000015', 'chef5@myhibachi.example', 'Ray Nguyen'),
  ('20000000-0000-4000-8000-000000000016', 'chef6@myhibachi.example', 'Sam Patel')
) as u (id, email, full_name)
on conflict (id) do nothing;

insert into public.staff (user_id, email, full_name, role) values
  ('20000000-0000-4000-8000-000000000001', 'admin@myhibachi.example', 'Avery Admin', 'admin'),
  ('20000000-0000-4000-8000-000000000002', 'manager@myhibachi.example', 'Morgan Manager', 'manager'),
  ('20000000-0000-4000-8000-000000000011', 'chef1@myhibachi.example', 'Kenji Sato', 'chef'),
  ('20000000-0000-4000-8000-000000000012', 'chef2@myhibachi.example', 'Maria Lopez', 'chef'),
  ('20000000-0000-4000-8000-000000000013', 'chef3@myhibachi.example', 'Daniel Kim', 'chef'),
  ('20000000-0000-4000-8000-000000000014', 'chef4@myhibachi.example', 'Aiko Tanaka', 'chef'),
  ('20000000-0000-4000-8000-000000000015', 'chef5@myhibachi.example', 'Ray Nguyen', 'chef'),
  ('20000000-0000-4000-8000-000000000016', 'chef6@myhibachi.example', 'Sam Patel', 'chef')
on conflict (user_id) do nothing;

-- The manager runs Fremont; chefs belong to their chef row's location.
insert into public.staff_locations (user_id, location_id) values
  ('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000011', '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000012', '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000013', '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000014', '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000015', '10000000-0000-4000-8000-000000000002'),
  ('20000000-0000-4000-8000-000000000016', '10000000-0000-4000-8000-000000000002')
on conflict do nothing;

-- Weekdays are ISO (1 = Monday … 7 = Sunday); weekends are fully staffed.
insert into public.chefs (id, user_id, location_id, display_name, home_zip, weekdays, rating) values
  ('30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000011',
   '10000000-0000-4000-8000-000000000001', 'Chef Kenji', '94539', '{3,4,5,6,7}', 4.90),
  ('30000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000012',
   '10000000-0000-4000-8000-000000000001', 'Chef Maria', '94536', '{1,2,5,6,7}', 4.80),
  ('30000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000013',
   '10000000-0000-4000-8000-000000000001', 'Chef Daniel', '94555', '{4,5,6,7}', 4.70),
  ('30000000-0000-4000-8000-000000000004', '20000000-0000-4000-8000-000000000014',
   '10000000-0000-4000-8000-000000000001', 'Chef Aiko', '95035', '{1,2,3,6,7}', 4.85),
  ('30000000-0000-4000-8000-000000000005', '20000000-0000-4000-8000-000000000015',
   '10000000-0000-4000-8000-000000000002', 'Chef Ray', '95814', '{1,5,6,7}', 4.75),
  ('30000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-000000000016',
   '10000000-0000-4000-8000-000000000002', 'Chef Sam', '95825', '{3,4,5,6,7}', 4.60)
on conflict (id) do nothing;

-- Demo reviews (ADR 0035): flagged is_demo, shown on a development or demo
-- install so the pages are not empty, never by the production profile.
insert into public.reviews (id, location_id, rating, body, display_name, city, event_date, status, is_demo) values
  ('40000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 5,
   'Chef Ken kept 22 people laughing for two hours and nobody waited for food. The filet upgrade was worth every penny.',
   'Priya S. (demo)', 'Fremont', '2024-10-12', 'approved', true),
  ('40000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 5,
   'Booked online in five minutes, paid the deposit by card, and got a reminder before the party. The onion volcano was a hit.',
   'Marcus T. (demo)', 'San Jose', '2024-09-28', 'approved', true),
  ('40000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', 5,
   'Two chefs for thirty guests, perfectly timed. They handled two vegetarian guests and a shellfish allergy without any fuss.',
   'Dana L. (demo)', 'Sacramento', '2024-09-14', 'approved', true),
  ('40000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000001', 4,
   'Great food and a fun show. Street parking is tricky and the chef arrived ten minutes late, but he called ahead.',
   'Jordan W. (demo)', 'Oakland', '2024-08-31', 'approved', true)
on conflict (id) do nothing;
