-- Staff search (ADR 0043): the customers' trigram GIN indexes take inserts
-- straight into the index (fastupdate off) instead of a pending list.
-- A GIN pending list is read linearly by every search until a vacuum
-- merges it: on 100,000 bookings right after 20,000 customers were added,
-- app.search_customer_ids took 80-150 ms instead of 1-2 ms (the staff
-- list's p99 followed autovacuum's timing). Customers are added a few at a
-- time, so the slower insert costs nothing anyone waits for.
alter index public.customers_name_trgm_idx set (fastupdate = off);
alter index public.customers_email_trgm_idx set (fastupdate = off);
alter index public.customers_phone_digits_trgm_idx set (fastupdate = off);
-- Merge what is pending now (fastupdate off only stops adding to it).
select gin_clean_pending_list('public.customers_name_trgm_idx'::regclass),
  gin_clean_pending_list('public.customers_email_trgm_idx'::regclass),
  gin_clean_pending_list('public.customers_phone_digits_trgm_idx'::regclass);
