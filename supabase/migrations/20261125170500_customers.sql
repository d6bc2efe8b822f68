-- Customers book without an account; one row per email (CRM).
create table public.customers (
  id uuid primary key default gen_random_uuid(),
  email extensions.citext not null check (app.is_email(email::text)),
  name text not null check (length(name) between 1 and 200),
  phone text check (length(phone) <= 40),
  notes text check (length(notes) <= 5000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_email_key unique (email)
);

create trigger customers_touch_updated_at before update on public.customers
  for each row execute function app.touch_updated_at();

alter table public.customers enable row level security;
