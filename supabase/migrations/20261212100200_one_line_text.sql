-- Names and address lines are one line of visible text (issue 9 §9): the
-- request schemas normalise customer text (lib/schemas/text.ts), and the
-- database refuses control characters, Unicode line/paragraph separators,
-- bidirectional overrides/isolates and the BOM in the single-line fields,
-- so a name can never start a new line in a plain-text mail or read
-- backwards in the staff app, whatever path wrote it. NOT VALID: rows
-- written before this migration are not re-checked, every new write is.
create or replace function app.is_one_line(p text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p is null
    or p !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]'
$$;
grant execute on function app.is_one_line(text) to anon, authenticated, service_role;

alter table public.customers
  add constraint customers_one_line check (app.is_one_line(name) and app.is_one_line(phone)) not valid;
alter table public.bookings
  add constraint bookings_address_one_line check (
    app.is_one_line(address_line1) and app.is_one_line(address_line2) and app.is_one_line(city)
  ) not valid;
alter table public.contact_messages
  add constraint contact_messages_one_line check (app.is_one_line(name) and app.is_one_line(phone)) not valid;
