-- Staff search (migration 20261223600000_customer_search_narrow_word):
-- app.search_customer_ids reads the trigram indexes for one word of the
-- pattern and checks the whole pattern after, so it finds exactly the
-- customers the pattern matches: not those holding only the word, and a
-- pattern of short words or with escapes still matches as ILIKE does.
begin;
select plan(9);

create function pg_temp.found(p_customer uuid, p_pattern text, p_digits text default null)
returns boolean language plpgsql as $$
declare
  v boolean;
begin
  perform set_config('request.jwt.claims', json_build_object(
    'sub', '20000000-0000-4000-8000-000000000001', 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', '20000000-0000-4000-8000-000000000001', true);
  perform set_config('role', 'authenticated', true);
  select p_customer = any (app.search_customer_ids(p_pattern, p_digits)) into v;
  perform set_config('role', 'none', true);
  return v;
end
$$;

-- Two customers with bookings: one named the phrase, one holding only its
-- number (the word the index is read for), one holding its words apart.
create temp table who as
select (array_agg(c.id order by c.id))[1] as phrase,
  (array_agg(c.id order by c.id))[2] as number_only,
  (array_agg(c.id order by c.id))[3] as words_apart
from public.customers c
where exists (select 1 from public.bookings b where b.customer_id = c.id);
update public.customers set name = 'Quill Marsh_7391 Tern' where id = (select phrase from who);
update public.customers set name = 'Other 7391 Person' where id = (select number_only from who);
update public.customers set name = 'Tern Marsh 7391 Quill' where id = (select words_apart from who);

select is(pg_temp.found((select phrase from who), '%Quill Marsh\_7391%'),
  true, 'finds the customer of a phrase with a digit word');
select is(pg_temp.found((select number_only from who), '%Quill Marsh\_7391%'),
  false, 'not a customer holding only the phrase''s number');
select is(pg_temp.found((select words_apart from who), '%Quill Marsh\_7391%'),
  false, 'not a customer holding the words in another order');
select is(pg_temp.found((select phrase from who), '%quill MARSH\_7391 tern%'),
  true, 'any case, as ILIKE');
select is(pg_temp.found((select phrase from who), '%Marsh\_7391 Te%'),
  true, 'a phrase ending inside a word');
select is(pg_temp.found((select words_apart from who), '%Marsh\_7391%'),
  false, 'an escaped underscore matches only an underscore');
select is(pg_temp.found((select words_apart from who), '%Marsh_7391%'),
  true, 'an unescaped underscore matches any character');
select is(pg_temp.found((select phrase from who), '%l M%'),
  true, 'a pattern of short words is matched whole');
select is(pg_temp.found((select number_only from who), '%7391%'),
  true, 'a single word is matched as before');

select * from finish();
rollback;
