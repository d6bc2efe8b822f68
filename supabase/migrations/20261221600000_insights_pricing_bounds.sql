-- Bounds of the insights pricing suggestions (issue 13 item 3, ADR 0042):
-- the largest surcharge a busy date and the largest promotion a slow date
-- may be offered, in percent of the adult and child prices. Admins edit them
-- on /admin/settings like every SPEC §2 number; both tables of the
-- effective-dated settings get the same columns and CHECKs (ADR 0023: a new
-- column goes to pricing_settings and settings_versions alike). The CHECKs
-- carry pricing_settings_* names in both tables so lib/settings maps a
-- violation to the field's path.

alter table public.pricing_settings
  add column max_surcharge_percent integer not null default 20
    constraint pricing_settings_max_surcharge_percent_check
    check (max_surcharge_percent between 0 and 50),
  add column max_promotion_percent integer not null default 15
    constraint pricing_settings_max_promotion_percent_check
    check (max_promotion_percent between 0 and 50);

alter table public.settings_versions
  add column max_surcharge_percent integer not null default 20
    constraint pricing_settings_max_surcharge_percent_check
    check (max_surcharge_percent between 0 and 50),
  add column max_promotion_percent integer not null default 15
    constraint pricing_settings_max_promotion_percent_check
    check (max_promotion_percent between 0 and 50);

comment on column public.settings_versions.max_surcharge_percent is
  'Largest busy-date surcharge (%) an insights suggestion may propose.';
comment on column public.settings_versions.max_promotion_percent is
  'Largest slow-date promotion (%) an insights suggestion may propose.';
