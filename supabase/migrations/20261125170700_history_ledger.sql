-- Append-only history of bookings, the payments ledger, the audit log and
-- the notification outbox.

-- Refuse UPDATE, DELETE and TRUNCATE for everyone, owners included: history
-- is corrected by appending, never by rewriting.
create or replace function app.refuse_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege', constraint = tg_table_name || '_append_only',
          table = tg_table_name, schema = tg_table_schema;
end
$$;

create table public.booking_events (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references public.bookings (id),
  type text not null check (type ~ '^[a-z][a-z0-9_]*$'),
  actor text not null check (actor in ('customer', 'staff', 'system', 'stripe')),
  actor_id uuid,
  at timestamptz not null default now(),
  before jsonb,
  after jsonb,
  note text check (length(note) <= 2000)
);
create index booking_events_booking_id_idx on public.booking_events (booking_id, at);

create trigger booking_events_append_only before update or delete on public.booking_events
  for each row execute function app.refuse_change();
create trigger booking_events_no_truncate before truncate on public.booking_events
  for each statement execute function app.refuse_change();

create table public.payments (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references public.bookings (id),
  kind text not null check (kind in ('deposit', 'balance', 'refund')),
  method text not null check (method in ('card', 'zelle', 'venmo', 'cash')),
  amount_cents integer not null check (amount_cents > 0),
  provider text not null default 'manual' check (provider in ('stripe', 'manual')),
  -- Stripe payment intent / refund id, or the Zelle/Venmo confirmation code;
  -- unique so a replayed webhook cannot record a payment twice.
  provider_reference text,
  recorded_by uuid references public.staff (user_id) on delete set null,
  note text check (length(note) <= 1000),
  created_at timestamptz not null default now(),
  constraint payments_provider_reference_key unique (provider_reference)
);
create index payments_booking_id_idx on public.payments (booking_id, created_at);

-- A ledger: refunds and corrections are new rows.
create trigger payments_append_only before update or delete on public.payments
  for each row execute function app.refuse_change();
create trigger payments_no_truncate before truncate on public.payments
  for each statement execute function app.refuse_change();

create table public.audit_log (
  id bigint generated always as identity primary key,
  actor text not null,
  actor_id uuid,
  action text not null check (length(action) between 1 and 100),
  entity text not null check (length(entity) between 1 and 100),
  entity_id text,
  details jsonb not null default '{}',
  at timestamptz not null default now()
);
create index audit_log_at_idx on public.audit_log (at desc);
create index audit_log_entity_idx on public.audit_log (entity, entity_id);

create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function app.refuse_change();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function app.refuse_change();

-- Outbox of e-mails/SMS; a worker sends them (privileged) and updates status.
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind ~ '^[a-z][a-z0-9_]*$'),
  recipient text not null check (length(recipient) between 1 and 254),
  booking_id uuid references public.bookings (id),
  payload jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  send_after timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_due_idx on public.notifications (send_after) where status = 'pending';

alter table public.booking_events enable row level security;
alter table public.payments enable row level security;
alter table public.audit_log enable row level security;
alter table public.notifications enable row level security;

-- No API role may ever rewrite history (RLS aside, service_role bypasses it).
revoke update, delete, truncate on public.booking_events, public.payments, public.audit_log
  from anon, authenticated, service_role;

-- Who is acting, for history rows: a transaction may name it explicitly with
-- set_config('app.actor', 'stripe'|'system'|…, true); else derive from claims.
create or replace function app.current_actor() returns text
language sql stable security definer
set search_path = ''
as $$
  select coalesce(
    nullif(current_setting('app.actor', true), ''),
    case
      when exists (select 1 from public.staff s where s.user_id = auth.uid()) then 'staff'
      when coalesce(auth.role(), '') in ('anon', 'authenticated') then 'customer'
      else 'system'
    end
  )
$$;

-- Every booking change is an event (SPEC §2): the row is the projection.
create or replace function app.record_booking_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_type text;
  v_before jsonb;
  v_after jsonb;
begin
  if tg_op = 'INSERT' then
    v_type := 'created';
    v_after := to_jsonb(new) - 'manage_token_hash';
  else
    v_before := to_jsonb(old) - 'manage_token_hash' - 'updated_at';
    v_after := to_jsonb(new) - 'manage_token_hash' - 'updated_at';
    if v_before = v_after then
      return null;
    end if;
    -- Keep only the columns that changed.
    select jsonb_object_agg(b.key, b.value), jsonb_object_agg(b.key, v_after -> b.key)
      into v_before, v_after
      from jsonb_each(v_before) b
      where b.value is distinct from v_after -> b.key;
    v_type := case
      when new.status <> old.status then 'status_changed'
      when (new.event_date, new.slot_time) is distinct from (old.event_date, old.slot_time) then 'rescheduled'
      when new.chef_id is distinct from old.chef_id then 'chef_assigned'
      else 'updated'
    end;
  end if;
  insert into public.booking_events (booking_id, type, actor, actor_id, before, after, note)
  values (
    new.id,
    coalesce(nullif(current_setting('app.event_type', true), ''), v_type),
    app.current_actor(),
    auth.uid(),
    v_before,
    v_after,
    nullif(current_setting('app.event_note', true), '')
  );
  return null;
end
$$;

create trigger bookings_record_event after insert or update on public.bookings
  for each row execute function app.record_booking_event();

-- A deposit received confirms a booking that waits for it (SPEC §2).
create or replace function app.confirm_on_deposit() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.kind = 'deposit' then
    update public.bookings set status = 'confirmed'
    where id = new.booking_id and status = 'pending_deposit';
  end if;
  return null;
end
$$;

create trigger payments_confirm_on_deposit after insert on public.payments
  for each row execute function app.confirm_on_deposit();
