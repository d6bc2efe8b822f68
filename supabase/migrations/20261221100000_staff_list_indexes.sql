-- Staff bookings list on 100,000 bookings (bench/staff, SPEC §6: p99 < 50 ms).
-- Measured with EXPLAIN ANALYZE as a manager (RLS on): a search by name
-- scanned every customer and every booking (2.3 s cold), because ILIKE
-- '%…%' cannot use a btree; a location filter by slug could not reach
-- bookings_slot_idx before the join, so 800 rows were joined to customers
-- (each through the customers RLS subquery) before the top-50 sort.
-- lib/staff/bookings.ts now picks the page of ids from bookings alone and
-- joins the rest for those 50 rows; these indexes serve its filters.

create extension if not exists pg_trgm with schema extensions;

-- Search: name, e-mail and phone digits as trigram GIN indexes (ILIKE
-- '%q%' and LIKE '%digits%' use them, see app.search_customer_ids below);
-- the reference as a prefix, a byte-order range: LIKE is not leakproof, so
-- under RLS it never becomes an index condition, while text >= and < are.
create index customers_name_trgm_idx
  on public.customers using gin (name extensions.gin_trgm_ops);
create index customers_email_trgm_idx
  on public.customers using gin ((email::text) extensions.gin_trgm_ops);
create index customers_phone_digits_trgm_idx
  on public.customers using gin (
    (regexp_replace(coalesce(phone, ''), '\D', '', 'g')) extensions.gin_trgm_ops);
create index bookings_reference_prefix_idx
  on public.bookings ((reference collate "C"));

-- Filters, each in the list's (event_date, slot_time, id) order so the page
-- is read from the index without sorting every match: by location (which
-- also serves the slot capacity lookups bookings_slot_idx did), by chef,
-- and the unassigned ones.
create index bookings_location_list_idx
  on public.bookings (location_id, event_date, slot_time, id);
drop index public.bookings_slot_idx;
create index bookings_chef_list_idx
  on public.bookings (chef_id, event_date, slot_time, id)
  where chef_id is not null;
create index bookings_unassigned_list_idx
  on public.bookings (event_date, slot_time, id)
  where chef_id is null;
-- The customers RLS policy asks, per customer, for one of their bookings in
-- the manager's locations: answered from the index alone.
create index bookings_customer_location_idx
  on public.bookings (customer_id, location_id);
drop index public.bookings_customer_id_idx;

-- Search under RLS: ILIKE and LIKE are not leakproof, so with the customers
-- policies on, PostgreSQL must check every customer's policy before the
-- pattern and never uses the trigram indexes (4.3 s on 20,000 customers).
-- This function matches with the indexes as its owner, then keeps only the
-- customers the caller may read (the same rules as the customers SELECT
-- policies: admins all, managers through bookings of their locations, chefs
-- through bookings assigned to them). `pattern` is an ILIKE pattern for name
-- and e-mail; `digits` a LIKE pattern on the phone's digits, or null.
create or replace function app.search_customer_ids(pattern text, digits text)
returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(c.id), '{}')
  from public.customers c
  where (c.name ilike pattern or c.email::text ilike pattern
      or (digits is not null
        and regexp_replace(coalesce(c.phone, ''), '\D', '', 'g') like digits))
    and exists (
      select 1 from public.bookings b
      where b.customer_id = c.id
        and ((select app.is_admin())
          or b.location_id = any ((select app.managed_location_ids())::uuid[])
          or (b.chef_id is not null and b.chef_id = (select app.chef_id()))))
$$;
revoke execute on function app.search_customer_ids(text, text) from public;
grant execute on function app.search_customer_ids(text, text) to authenticated, service_role;
