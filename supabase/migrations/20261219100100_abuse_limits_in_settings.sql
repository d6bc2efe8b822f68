-- One home for the abuse-limit numbers. Issue 9 (20261212100000) kept them in
-- a one-row table public.abuse_limits; issue 11 (20261216100000) made them
-- part of the effective-dated settings (settings_versions.max_holds_per_client,
-- max_unpaid_bookings) that admins edit on /admin/settings. The checks now
-- read the version in force today, so an admin's change (or a scheduled one)
-- is what the database enforces, and the separate table goes. The 24-hour
-- window of unpaid bookings is SPEC §2's and not a setting.

create or replace function app.assert_unpaid_limits(p_email text, p_phone text, p_client text)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_max integer;
  v_since timestamptz;
  v_phone text := app.phone_key(p_phone);
  v_key record;
  v_count integer;
begin
  if current_setting('transaction_isolation') = 'repeatable read' then
    raise exception 'limit checks need READ COMMITTED or SERIALIZABLE isolation'
      using errcode = '25001';
  end if;
  select s.max_unpaid_bookings into v_max
  from app.settings_at(app.business_today()) s;
  if v_max is null then
    return;
  end if;
  for v_key in
    select k.kind, k.value from (values
      ('email', lower(p_email)), ('phone', v_phone), ('client', p_client)
    ) k(kind, value)
    where k.value is not null and k.value <> ''
    order by k.kind, k.value
  loop
    perform app.lock_pending_key('unpaid-' || v_key.kind, v_key.value);
  end loop;
  -- SPEC §2: unpaid bookings count for 24 hours.
  v_since := now() - interval '24 hours';

  if p_email is not null then
    select count(*)::int into v_count
    from public.bookings b join public.customers c on c.id = b.customer_id
    where c.email operator(extensions.=) p_email::extensions.citext
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_max then
      perform app.too_many_pending('email', v_max, 'bookings');
    end if;
  end if;
  if v_phone is not null then
    select count(*)::int into v_count
    from public.bookings b join public.customers c on c.id = b.customer_id
    where app.phone_key(c.phone) = v_phone
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_max then
      perform app.too_many_pending('phone', v_max, 'bookings');
    end if;
  end if;
  if p_client is not null then
    select count(*)::int into v_count
    from public.bookings b
    where b.client_hash = p_client
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_max then
      perform app.too_many_pending('client', v_max, 'bookings');
    end if;
  end if;
end
$$;

create or replace function app.assert_hold_limit(p_client text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_max integer;
  v_count integer;
begin
  if p_client is null then
    return;
  end if;
  if current_setting('transaction_isolation') = 'repeatable read' then
    raise exception 'limit checks need READ COMMITTED or SERIALIZABLE isolation'
      using errcode = '25001';
  end if;
  select s.max_holds_per_client into v_max
  from app.settings_at(app.business_today()) s;
  if v_max is null then
    return;
  end if;
  perform app.lock_pending_key('holds-client', p_client);
  select count(*)::int into v_count from public.holds h
  where h.client_hash = p_client and h.expires_at > now() and h.converted_booking_id is null;
  if v_count >= v_max then
    perform app.too_many_pending('holds', v_max, 'holds');
  end if;
end
$$;

drop table public.abuse_limits;
