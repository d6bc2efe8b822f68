-- Chef portal feed check (issue 10 §6, migration 20261213100000):
-- app.calendar_feed_live tells a live token from an unknown or revoked one,
-- for anon (the .ics route) and nobody learns more than the yes/no.
begin;
select plan(7);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
  end;
  v_role text := case when who = 'anon' then 'anon' else 'authenticated' end;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', v_sub, 'role', v_role)::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', v_role, true);
end
$$;
create function pg_temp.live_as(who text, p_token text) returns boolean language plpgsql as $$
declare
  v boolean;
begin
  perform pg_temp.act_as(who);
  select app.calendar_feed_live(p_token) into v;
  perform set_config('role', 'none', true);
  return v;
end
$$;

create temp table feed (token text);
grant all on feed to authenticated, anon;
do $$ begin
  perform pg_temp.act_as('chef');
  insert into feed select app.issue_calendar_feed('30000000-0000-4000-8000-000000000001');
  perform set_config('role', 'none', true);
end $$;

select is(pg_temp.live_as('anon', (select token from feed)), true, 'anon: a live token is live');
select is(pg_temp.live_as('anon', repeat('0', 48)), false, 'anon: an unknown token is not');
select is(pg_temp.live_as('anon', 'short'), false, 'anon: a malformed token is not');
select is(pg_temp.live_as('anon', null), false, 'anon: no token is not');
select is(pg_temp.live_as('chef', (select token from feed)), true, 'authenticated may ask too');

do $$ begin
  perform pg_temp.act_as('manager');
  perform app.revoke_calendar_feed('30000000-0000-4000-8000-000000000001');
  perform set_config('role', 'none', true);
end $$;
select is(pg_temp.live_as('anon', (select token from feed)), false, 'a revoked token is not live');

truncate feed;
do $$ begin
  perform pg_temp.act_as('manager');
  insert into feed select app.issue_calendar_feed('30000000-0000-4000-8000-000000000001');
  perform set_config('role', 'none', true);
end $$;
update public.chefs set active = false where id = '30000000-0000-4000-8000-000000000001';
select is(pg_temp.live_as('anon', (select token from feed)), false,
  'the feed of a deactivated chef is not live');

select * from finish();
rollback;
