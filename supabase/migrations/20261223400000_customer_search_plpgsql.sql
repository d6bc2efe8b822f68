-- Staff search (ADR 0052): app.search_customer_ids as PL/pgSQL with the
-- same body, rules and rights. As a security-definer SQL function it was
-- parsed and planned again at every call (PostgreSQL 15 keeps no plan of a
-- SQL function that is not inlined): the trigram OR over three indexes and
-- the visibility EXISTS, about 1 ms of planning per search on 100,000
-- bookings. PL/pgSQL keeps the plan for the session; the list's
-- transaction sets plan_cache_mode = force_generic_plan, and the generic
-- plan still reads the trigram indexes (a LIKE pattern's default estimate
-- is a few rows).
create or replace function app.search_customer_ids(pattern text, digits text)
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
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
            or (b.chef_id is not null and b.chef_id = (select app.chef_id())))));
end
$$;
