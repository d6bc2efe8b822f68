-- 429 TOO_MANY_PENDING answers with Retry-After (RFC 9110 §10.2.3), as the
-- per-IP rate limits already do: the refusal names, in its HINT, the whole
-- seconds until the first counted item leaves the count by itself. For holds
-- that is the earliest expiry among the client's unexpired holds; for unpaid
-- bookings the moment the oldest counted one is 24 hours old (SPEC §2's
-- window; paying a deposit frees a place sooner). The two checks are those of
-- 20261219100100 with the earliest instant read in the same count.

create or replace function app.too_many_pending(
  p_which text, p_limit integer, p_table text, p_free_at timestamptz)
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  raise exception 'TOO_MANY_PENDING: % limit of % reached', p_which, p_limit
    using errcode = 'check_violation', constraint = 'too_many_pending',
          table = p_table, schema = 'public', detail = p_which,
          hint = greatest(1, ceil(extract(epoch from p_free_at - now())))::bigint::text;
end
$$;

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
  v_oldest timestamptz;
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
    select count(*)::int, min(b.created_at) into v_count, v_oldest
    from public.bookings b join public.customers c on c.id = b.customer_id
    where c.email operator(extensions.=) p_email::extensions.citext
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_max then
      perform app.too_many_pending('email', v_max, 'bookings',
        v_oldest + interval '24 hours');
    end if;
  end if;
  if v_phone is not null then
    select count(*)::int, min(b.created_at) into v_count, v_oldest
    from public.bookings b join public.customers c on c.id = b.customer_id
    where app.phone_key(c.phone) = v_phone
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_max then
      perform app.too_many_pending('phone', v_max, 'bookings',
        v_oldest + interval '24 hours');
    end if;
  end if;
  if p_client is not null then
    select count(*)::int, min(b.created_at) into v_count, v_oldest
    from public.bookings b
    where b.client_hash = p_client
      and b.status = 'pending_deposit' and b.created_at > v_since;
    if v_count >= v_max then
      perform app.too_many_pending('client', v_max, 'bookings',
        v_oldest + interval '24 hours');
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
  v_first_expiry timestamptz;
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
  select count(*)::int, min(h.expires_at) into v_count, v_first_expiry
  from public.holds h
  where h.client_hash = p_client and h.expires_at > now() and h.converted_booking_id is null;
  if v_count >= v_max then
    perform app.too_many_pending('holds', v_max, 'holds', v_first_expiry);
  end if;
end
$$;

drop function app.too_many_pending(text, integer, text);
revoke execute on function app.too_many_pending(text, integer, text, timestamptz)
  from public, anon, authenticated;
