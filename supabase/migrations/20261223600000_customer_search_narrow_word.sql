-- Staff search (ADR 0052, 2026-12-02 section): app.search_customer_ids reads
-- the trigram indexes for one word of the search, then checks the whole
-- pattern on the customers found. Same rules, rights and results.
--
-- A phrase's trigram GIN scan costs what its most common trigrams cost:
-- GIN steps through every posting list of the query, and "Bench Customer
-- 123" shares 15 of its 19 trigrams with all 20,000 bench customers (about
-- 1 ms of the list's 2-3 ms of PostgreSQL CPU per request). '%123%' reads
-- one posting list of ~140 entries. A customer matching the pattern also
-- matches any run of letters and digits of it (each such character is
-- matched literally, also after an escape), so the narrow scan finds a
-- superset and the outer ILIKE keeps exactly the customers the pattern
-- matches. The word: one holding a digit first (numbers are rare in names
-- and e-mails), then the longest, then the first; at least three
-- characters (shorter runs give the index no trigram), else the pattern.
-- OFFSET 0 keeps the whole pattern out of the index condition.
create or replace function app.search_customer_ids(pattern text, digits text)
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  narrow text := coalesce(
    (select '%' || w.m[1] || '%'
     from regexp_matches(pattern, '[[:alnum:]]{3,}', 'g')
       with ordinality w(m, n)
     order by w.m[1] ~ '[0-9]' desc, length(w.m[1]) desc, w.n
     limit 1),
    pattern);
begin
  return (
    select coalesce(array_agg(c.id), '{}')
    from (
      select c.id, c.name, c.email, c.phone from public.customers c
      where c.name ilike narrow or c.email::text ilike narrow
        or (digits is not null
          and regexp_replace(coalesce(c.phone, ''), '\D', '', 'g') like digits)
      offset 0) c
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
