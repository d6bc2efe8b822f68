-- Customers (issue 11 item 1, SPEC §4 /admin/customers; ADR 0033): search,
-- tags and notes, duplicate suggestions and merge, export and erasure of
-- one customer's personal data. `public.customers` stays the one customer
-- record (one row per e-mail, case-insensitive: citext unique).
--
-- Managers work on customers with a booking at a location they run, admins
-- on all; chefs on none (every function below refuses them, and the search
-- runs under the caller's RLS).
--
-- Errors (mapped by lib/customers):
--   42501 crm_staff_only              FORBIDDEN          → 403 (chefs, customers)
--   42501 crm_customer_scope          FORBIDDEN          → 403 (bookings at other locations)
--   P0002 customer_exists             NOT_FOUND          → 404
--   22023 customer_merge_self         VALIDATION_FAILED  → 422 path duplicateId
--   23514 customer_erased             CONFLICT           → 409 (already erased)
--   23514 customer_has_open_booking   CONFLICT           → 409 (erasure while a booking is upcoming)
--   23514 customers_tags_valid        VALIDATION_FAILED  → 422 path tags

-- Tags: short lowercase slugs ("vip", "allergy-nuts"), at most 20.
create or replace function app.customer_tags_valid(p text[]) returns boolean
language sql immutable
set search_path = ''
as $$
  select cardinality(p) <= 20
    and not exists (select 1 from unnest(p) t where t !~ '^[a-z0-9][a-z0-9-]{0,29}$')
$$;

alter table public.customers
  add column tags text[] not null default '{}'
    constraint customers_tags_valid check (app.customer_tags_valid(tags)),
  -- Set once the personal fields were anonymised at the customer's request.
  add column erased_at timestamptz;

-- Search, index-backed (no sequential scan on a large customer list):
-- words of the name or e-mail by prefix (GIN over a 'simple' tsvector),
-- phone by the prefix of its digits, e-mail by its prefix; the list pages
-- in (name, id) order.
create index customers_search_idx on public.customers
  using gin (to_tsvector('simple'::regconfig, name || ' ' || email::text));
create index customers_phone_prefix_idx on public.customers
  ((app.phone_key(phone) collate "C"));
create index customers_email_prefix_idx on public.customers
  ((lower(email::text) collate "C"));
create index customers_name_order_idx on public.customers (name, id);

-- Customers are for managers and admins.
create or replace function app.crm_check_caller() returns void
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not coalesce(app.staff_role() in ('manager', 'admin'), false) then
    raise exception 'FORBIDDEN: customers are for managers and admins'
      using errcode = 'insufficient_privilege', constraint = 'crm_staff_only';
  end if;
end
$$;

-- Locks a customer the caller may change: admins any; a manager one whose
-- every booking is at a location they run (a change moves or rewrites
-- bookings, so it must not reach another location's).
create or replace function app.crm_lock_customer(p_customer uuid) returns public.customers
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
begin
  perform app.crm_check_caller();
  select * into v_customer from public.customers c where c.id = p_customer for update;
  if not found or (not app.is_admin() and not exists (
      select 1 from public.bookings b
      where b.customer_id = p_customer and b.location_id = any (app.managed_location_ids()))) then
    raise exception 'NOT_FOUND: no customer %', p_customer
      using errcode = 'no_data_found', constraint = 'customer_exists';
  end if;
  if not app.is_admin() and exists (
      select 1 from public.bookings b
      where b.customer_id = p_customer and not (b.location_id = any (app.managed_location_ids()))) then
    raise exception 'FORBIDDEN: this customer also booked at a location you do not run; ask an admin'
      using errcode = 'insufficient_privilege', constraint = 'crm_customer_scope';
  end if;
  return v_customer;
end
$$;

create or replace function app.crm_refuse_erased(p_customer public.customers) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_customer.erased_at is not null then
    raise exception 'ERASED: this customer''s personal data was erased'
      using errcode = 'check_violation', constraint = 'customer_erased';
  end if;
end
$$;

-- Search as the caller (RLS decides which customers): q is a phone (digits
-- and phone punctuation, 3+ digits), an e-mail prefix (contains @) or words
-- of the name/e-mail, each matched by prefix; empty lists everyone. Keyset
-- paging after (p_after_name, p_after_id).
create or replace function app.customer_search(
  p_q text, p_after_name text, p_after_id uuid, p_limit integer
) returns setof public.customers
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_q text := btrim(coalesce(p_q, ''));
  v_key text;
  v_tsq tsquery;
  v_limit integer := least(greatest(coalesce(p_limit, 50), 1), 200);
begin
  perform app.crm_check_caller();
  if v_q ~ '^[0-9()+. -]+$' and length(regexp_replace(v_q, '[^0-9]', '', 'g')) >= 3 then
    v_key := app.phone_key(v_q);
    return query select c.* from public.customers c
      where (app.phone_key(c.phone) collate "C") >= (v_key collate "C")
        and (app.phone_key(c.phone) collate "C") < ((v_key || ':') collate "C")
        and (p_after_id is null or (c.name, c.id) > (p_after_name, p_after_id))
      order by c.name, c.id limit v_limit;
  elsif position('@' in v_q) > 0 then
    v_key := lower(v_q);
    return query select c.* from public.customers c
      where (lower(c.email::text) collate "C") >= (v_key collate "C")
        and (lower(c.email::text) collate "C") < ((v_key || chr(1114111)) collate "C")
        and (p_after_id is null or (c.name, c.id) > (p_after_name, p_after_id))
      order by c.name, c.id limit v_limit;
  elsif v_q <> '' then
    select string_agg(w || ':*', ' & ') into v_key
      from regexp_split_to_table(lower(v_q), '[^[:alnum:]]+') w where w <> '';
    if v_key is null then
      return;
    end if;
    v_tsq := to_tsquery('simple'::regconfig, v_key);
    return query select c.* from public.customers c
      where to_tsvector('simple'::regconfig, c.name || ' ' || c.email::text) @@ v_tsq
        and (p_after_id is null or (c.name, c.id) > (p_after_name, p_after_id))
      order by c.name, c.id limit v_limit;
  else
    return query select c.* from public.customers c
      where (p_after_id is null or (c.name, c.id) > (p_after_name, p_after_id))
      order by c.name, c.id limit v_limit;
  end if;
end
$$;

-- Suggested duplicates as the caller sees them: two customers with one
-- phone number (app.phone_key). The same e-mail in another case cannot
-- make two rows (citext unique; a booking upserts onto the existing one).
create or replace function app.customer_duplicates(p_limit integer)
returns table (customer_id uuid, duplicate_id uuid, reason text)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform app.crm_check_caller();
  -- Phone keys held by two or more customers first (one pass, each row
  -- checked by RLS once), then the pairs by index: a self-join of every
  -- customer would run the RLS check per pair.
  return query
    with dup_keys as materialized (
      select app.phone_key(c.phone) as k
      from public.customers c
      where c.phone is not null and c.erased_at is null
      group by 1 having count(*) > 1 and app.phone_key(c.phone) is not null
    )
    select a.id, b.id, 'same_phone'::text
    from dup_keys d
    join public.customers a on app.phone_key(a.phone) = d.k
    join public.customers b on app.phone_key(b.phone) = d.k
     and (b.created_at, b.id) > (a.created_at, a.id)
    where a.erased_at is null and b.erased_at is null
    order by a.created_at desc, a.id, b.id
    limit least(greatest(coalesce(p_limit, 50), 1), 200);
end
$$;

-- Notes and tags (a null argument keeps the value); audited before/after.
create or replace function app.customer_update(p_customer uuid, p_notes text, p_tags text[])
returns public.customers
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_before public.customers;
  v_after public.customers;
begin
  v_before := app.crm_lock_customer(p_customer);
  perform app.crm_refuse_erased(v_before);
  update public.customers c set
    notes = case when p_notes is null then c.notes else nullif(btrim(p_notes), '') end,
    tags = coalesce((select array_agg(distinct t order by t) from unnest(p_tags) t), case
      when p_tags is null then c.tags else '{}' end)
    where c.id = p_customer
    returning * into v_after;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), 'customer.update', 'customers', p_customer::text,
    jsonb_build_object(
      'before', jsonb_build_object('notes', v_before.notes, 'tags', to_jsonb(v_before.tags)),
      'after', jsonb_build_object('notes', v_after.notes, 'tags', to_jsonb(v_after.tags))));
  return v_after;
end
$$;

-- Merge p_duplicate into p_survivor in one transaction: bookings move to
-- the survivor, which keeps its name and e-mail and gains the duplicate's
-- phone (if it had none), notes and tags; the duplicate row is deleted.
-- Both rows are locked in id order, so concurrent merges of the same pair
-- (either way round) serialise and the later one finds the duplicate gone.
create or replace function app.customer_merge(p_survivor uuid, p_duplicate uuid)
returns public.customers
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_survivor public.customers;
  v_duplicate public.customers;
  v_after public.customers;
  v_moved text[];
  v_id uuid;
begin
  perform app.crm_check_caller();
  if p_survivor = p_duplicate then
    raise exception 'INVALID: a customer cannot be merged into itself'
      using errcode = 'invalid_parameter_value', constraint = 'customer_merge_self';
  end if;
  for v_id in select unnest(array[p_survivor, p_duplicate]) x order by x loop
    if v_id = p_survivor then
      v_survivor := app.crm_lock_customer(v_id);
    else
      v_duplicate := app.crm_lock_customer(v_id);
    end if;
  end loop;
  perform app.crm_refuse_erased(v_survivor);
  perform app.crm_refuse_erased(v_duplicate);

  perform set_config('app.event_type', 'customer_merged', true);
  with moved as (
    update public.bookings b set customer_id = p_survivor
    where b.customer_id = p_duplicate
    returning b.reference
  )
  select coalesce(array_agg(reference order by reference), '{}') into v_moved from moved;
  perform set_config('app.event_type', '', true);

  delete from public.customers c where c.id = p_duplicate;
  update public.customers c set
    phone = coalesce(c.phone, v_duplicate.phone),
    notes = left(nullif(concat_ws(E'\n\n', c.notes, v_duplicate.notes), ''), 5000),
    tags = (select coalesce(array_agg(distinct t order by t), '{}')
            from unnest(c.tags || v_duplicate.tags) t),
    preferred_chef_id = coalesce(c.preferred_chef_id, v_duplicate.preferred_chef_id)
    where c.id = p_survivor
    returning * into v_after;

  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), 'customer.merge', 'customers', p_survivor::text,
    jsonb_build_object(
      'before', jsonb_build_object(
        'survivor', to_jsonb(v_survivor), 'duplicate', to_jsonb(v_duplicate)),
      'after', to_jsonb(v_after),
      'moved_bookings', to_jsonb(v_moved)));
  return v_after;
end
$$;

-- One customer's personal data as JSON (SPEC: export on request); audited.
create or replace function app.customer_export(p_customer uuid) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_doc jsonb;
begin
  v_customer := app.crm_lock_customer(p_customer);
  select jsonb_build_object(
    'customer', jsonb_build_object(
      'id', v_customer.id, 'name', v_customer.name, 'email', v_customer.email::text,
      'phone', v_customer.phone, 'notes', v_customer.notes, 'tags', to_jsonb(v_customer.tags),
      'createdAt', v_customer.created_at, 'erasedAt', v_customer.erased_at),
    'bookings', coalesce((
      select jsonb_agg(jsonb_build_object(
        'reference', b.reference, 'status', b.status, 'eventDate', b.event_date,
        'slotTime', b.slot_time, 'adults', b.adults, 'children', b.children,
        'under6', b.under6, 'addressLine1', b.address_line1,
        'addressLine2', b.address_line2, 'city', b.city, 'state', b.state, 'zip', b.zip,
        'notes', b.notes, 'totalCents', b.total_cents, 'createdAt', b.created_at,
        'payments', coalesce((
          select jsonb_agg(jsonb_build_object(
            'kind', p.kind, 'method', p.method, 'amountCents', p.amount_cents,
            'at', p.created_at) order by p.created_at)
          from public.payments p where p.booking_id = b.id), '[]'))
        order by b.event_date, b.slot_time)
      from public.bookings b where b.customer_id = p_customer), '[]'),
    'contactMessages', coalesce((
      select jsonb_agg(jsonb_build_object(
        'name', m.name, 'email', m.email::text, 'phone', m.phone, 'message', m.message,
        'at', m.created_at) order by m.created_at)
      from public.contact_messages m where m.email = v_customer.email), '[]'))
  into v_doc;
  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), 'customer.export', 'customers', p_customer::text,
    jsonb_build_object('bookings', jsonb_array_length(v_doc -> 'bookings')));
  return v_doc;
end
$$;

-- History tables are append-only (app.refuse_change); erasure is the one
-- rewrite allowed, and only inside app.customer_erase, which sets
-- app.erasure for its own transaction (API roles hold no UPDATE privilege
-- on these tables either way).
create or replace function app.refuse_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and current_setting('app.erasure', true) = 'on' then
    return new;
  end if;
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege', constraint = tg_table_name || '_append_only',
          table = tg_table_name, schema = tg_table_schema;
end
$$;

-- Erase one customer's personal data: name, e-mail, phone, notes and tags
-- on the customer; address and notes on their bookings and in the booking
-- history; staff notes on their bookings; their contact messages and the
-- outbox rows addressed to them. Bookings, the payments ledger and every
-- count stay. Refused while a booking is still open (pending deposit,
-- confirmed or cancellation requested): it must be completed or cancelled
-- first. Audited without personal data.
create or replace function app.customer_erase(p_customer uuid) returns public.customers
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_after public.customers;
  v_bookings uuid[];
  v_masked text[] := array['address_line1', 'address_line2', 'city', 'notes'];
begin
  v_customer := app.crm_lock_customer(p_customer);
  perform app.crm_refuse_erased(v_customer);
  if exists (select 1 from public.bookings b where b.customer_id = p_customer
               and b.status in ('pending_deposit', 'confirmed', 'cancellation_requested')) then
    raise exception 'OPEN_BOOKING: this customer has an upcoming booking; complete or cancel it first'
      using errcode = 'check_violation', constraint = 'customer_has_open_booking';
  end if;
  select coalesce(array_agg(b.id), '{}') into v_bookings
    from public.bookings b where b.customer_id = p_customer;

  perform set_config('app.erasure', 'on', true);
  perform set_config('app.event_type', 'personal_data_erased', true);
  update public.bookings b set address_line1 = 'erased', address_line2 = null,
    city = 'erased', notes = null
    where b.id = any (v_bookings);
  perform set_config('app.event_type', '', true);
  update public.booking_events e set before = e.before - v_masked, after = e.after - v_masked
    where e.booking_id = any (v_bookings)
      and (e.before ?| v_masked or e.after ?| v_masked);
  update public.booking_notes n set body = 'erased' where n.booking_id = any (v_bookings);
  update public.notifications n set recipient = 'erased', payload = '{}',
    status = case when n.status = 'pending' then 'failed' else n.status end,
    last_error = case when n.status = 'pending' then 'personal data erased' else n.last_error end
    where n.booking_id = any (v_bookings) or lower(n.recipient) = lower(v_customer.email::text);
  update public.contact_messages m set name = 'Erased', email = null, phone = null,
    message = 'Erased at the sender''s request.', ip_hash = null
    where m.email = v_customer.email;
  update public.audit_log a set details = (a.details - 'before' - 'after') || '{"erased": true}'
    where a.entity = 'customers' and a.entity_id = p_customer::text
      and (a.details ? 'before' or a.details ? 'after');
  update public.customers c set
    name = 'Erased customer',
    email = 'erased-' || c.id::text || '@erased.invalid',
    phone = null, notes = null, tags = '{}', preferred_chef_id = null,
    erased_at = now()
    where c.id = p_customer
    returning * into v_after;
  perform set_config('app.erasure', '', true);

  insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
  values ('staff', auth.uid(), 'customer.erase', 'customers', p_customer::text,
    jsonb_build_object('bookings', cardinality(v_bookings)));
  return v_after;
end
$$;

revoke execute on function
  app.crm_check_caller(),
  app.crm_lock_customer(uuid),
  app.crm_refuse_erased(public.customers),
  app.customer_search(text, text, uuid, integer),
  app.customer_duplicates(integer),
  app.customer_update(uuid, text, text[]),
  app.customer_merge(uuid, uuid),
  app.customer_export(uuid),
  app.customer_erase(uuid)
from public;
-- The search and duplicates run as the caller and call the check itself.
grant execute on function app.crm_check_caller() to authenticated, service_role;
grant execute on function
  app.customer_search(text, text, uuid, integer),
  app.customer_duplicates(integer),
  app.customer_update(uuid, text, text[]),
  app.customer_merge(uuid, uuid),
  app.customer_export(uuid),
  app.customer_erase(uuid)
to authenticated, service_role;

-- Notes, tags, the preferred chef and the erasure mark change only through
-- the audited functions above: the table-level UPDATE the API roles held
-- would let a manager rewrite them with no audit row. Contact fields keep
-- their column grant (RLS still decides the rows, as before).
revoke update on public.customers from anon, authenticated;
grant update (email, name, phone) on public.customers to anon, authenticated;

-- The staff layout's inbox badge counts open messages live (issue 11 item 2).
alter publication supabase_realtime add table public.contact_messages;
do $$
begin
  if to_regprocedure('realtime.install_notify_triggers()') is not null then
    perform realtime.install_notify_triggers();
  end if;
end
$$;
