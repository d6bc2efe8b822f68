-- Customer reviews (issue 11 item 7, migration 20261221300000, ADR 0035):
-- who reads which reviews, who writes them (nobody directly), the single-use
-- link, moderation by managers of the location and admins (audited), and
-- one review request per completed booking.
begin;
select plan(26);

create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare
  v_sub text := case who
    when 'chef' then '20000000-0000-4000-8000-000000000011'
    when 'manager' then '20000000-0000-4000-8000-000000000002'
    when 'admin' then '20000000-0000-4000-8000-000000000001'
  end;
begin
  if who = 'anon' then
    perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
    perform set_config('request.jwt.claim.sub', '', true);
    perform set_config('role', 'anon', true);
    return;
  end if;
  perform set_config('request.jwt.claims',
    json_build_object('sub', v_sub, 'role', 'authenticated')::text, true);
  perform set_config('request.jwt.claim.sub', coalesce(v_sub, ''), true);
  perform set_config('role', 'authenticated', true);
end
$$;
grant execute on function pg_temp.act_as(text) to anon, authenticated;

insert into public.customers (id, email, name) values
  ('c0000000-0000-4000-8000-0000000000f1', 'reviewer@example.com', 'Robin Quinn');
insert into public.bookings (id, reference, location_id, event_date, slot_time, adults, address_line1, city, state, zip,
  customer_id, quote, total_cents, deposit_cents, manage_token_hash, status) values
  ('b0000000-0000-4000-8000-0000000000f1', 'MH-REVW01', '10000000-0000-4000-8000-000000000001', '2031-05-03', '18:00', 10,
   '1 Main St', 'Fremont', 'CA', '94538', 'c0000000-0000-4000-8000-0000000000f1', '{}', 60000, 10000,
   encode(sha256('review-manage'::bytea), 'hex'), 'confirmed'),
  ('b0000000-0000-4000-8000-0000000000f2', 'MH-REVW02', '10000000-0000-4000-8000-000000000002', '2031-05-03', '18:00', 10,
   '1 K St', 'Sacramento', 'CA', '95814', 'c0000000-0000-4000-8000-0000000000f1', '{}', 60000, 10000,
   encode(sha256('review-manage-2'::bytea), 'hex'), 'confirmed');

-- 1. One review request per completed booking.
update public.bookings set status = 'completed' where id = 'b0000000-0000-4000-8000-0000000000f1';
update public.bookings set status = 'completed' where id = 'b0000000-0000-4000-8000-0000000000f1';
select is((select count(*)::int from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000f1' and kind = 'review_request'),
  1, 'completing queues one review request');
select is((select count(*)::int from public.review_invitations
           where booking_id = 'b0000000-0000-4000-8000-0000000000f1'), 1, 'one invitation');
select ok((select payload ->> 'review_path' like '/reviews/new?token=%' from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000f1' and kind = 'review_request'),
  'the mail carries the link');
select is((select send_after from public.notifications
           where booking_id = 'b0000000-0000-4000-8000-0000000000f1' and kind = 'review_request'),
  timestamptz '2031-05-04 10:00 America/Los_Angeles',
  'the request waits for 10:00 the day after the event, in the location''s zone');
create temp table t_token as
  select split_part(payload ->> 'review_path', 'token=', 2) as token from public.notifications
  where booking_id = 'b0000000-0000-4000-8000-0000000000f1' and kind = 'review_request';
grant select on t_token to anon, authenticated;
select isnt((select token_hash from public.review_invitations
             where booking_id = 'b0000000-0000-4000-8000-0000000000f1'),
  (select token from t_token), 'only the hash of the token is stored');

-- 2. Nobody writes reviews or reads invitations directly.
select pg_temp.act_as('anon');
select throws_ok($q$insert into public.reviews (location_id, rating, body, display_name, city, event_date, status)
  values ('10000000-0000-4000-8000-000000000001', 5, 'Made up praise here', 'Fake', 'Fremont', '2026-01-01', 'approved')$q$,
  '42501', null, 'anon cannot insert reviews');
select throws_ok($q$select * from public.review_invitations$q$, '42501', null, 'anon cannot read invitations');
select throws_ok($q$select booking_id from public.reviews$q$, '42501', null,
  'anon cannot read which booking a review is from');
select pg_temp.act_as('manager');
select throws_ok($q$update public.reviews set status = 'approved'$q$, '42501', null,
  'a manager cannot update reviews directly');
select throws_ok($q$select * from public.review_invitations$q$, '42501', null, 'staff cannot read invitations');

-- 3. The link: field checks, once, then refused.
select pg_temp.act_as('anon');
select throws_ok($q$select app.submit_review('not-a-token', 5, 'Lovely evening with us', 'Robin Q.')$q$,
  'P0002', null, 'an unknown link');
select throws_ok(format($q$select app.submit_review(%L, 6, 'Lovely evening with us', 'Robin Q.')$q$,
  (select token from t_token)), '22023', null, 'six stars are refused');
select throws_ok(format($q$select app.submit_review(%L, 5, 'short', 'Robin Q.')$q$,
  (select token from t_token)), '22023', null, 'a too short text is refused');
select is((select state from app.review_invitation((select token from t_token))), 'open', 'the link is open');
select lives_ok(format($q$select app.submit_review(%L, 5, 'Lovely evening with us', 'Robin Q.')$q$,
  (select token from t_token)), 'the customer leaves a review');
select throws_ok(format($q$select app.submit_review(%L, 1, 'Changed my mind now', 'Robin Q.')$q$,
  (select token from t_token)), '22023', 'USED: this review link was already used', 'a second use is refused');
select is((select state from app.review_invitation((select token from t_token))), 'used', 'the link reads as used');
select is((select count(*)::int from public.reviews where not is_demo), 0,
  'anon does not see the pending review');

-- 4. Moderation: chefs and managers of another location refused; audited.
select pg_temp.act_as('chef');
select throws_ok($q$select app.moderate_review((select id from public.reviews where booking_id is not null limit 1), 'approved')$q$,
  '42501', null, 'a chef cannot moderate');
select is((select count(*)::int from public.reviews where booking_id is not null), 0,
  'a chef does not read pending reviews');
reset role;
insert into public.reviews (id, booking_id, location_id, rating, body, display_name, city, event_date)
values ('40000000-0000-4000-8000-0000000000f2', 'b0000000-0000-4000-8000-0000000000f2',
  '10000000-0000-4000-8000-000000000002', 3, 'A Sacramento review text', 'Sam S.', 'Sacramento', '2026-05-01');
select pg_temp.act_as('manager');
select throws_ok($q$select app.moderate_review('40000000-0000-4000-8000-0000000000f2', 'approved')$q$,
  '42501', null, 'the Fremont manager cannot moderate a Sacramento review');
select is((select count(*)::int from public.reviews where booking_id is not null), 1,
  'a manager reads the pending reviews of their location only');
select is((app.moderate_review((select id from public.reviews
  where booking_id = 'b0000000-0000-4000-8000-0000000000f1'), 'approved')).status,
  'approved', 'the manager approves a review of their location');
select pg_temp.act_as('anon');
select is((select count(*)::int from public.reviews where not is_demo), 1, 'anon reads the approved review');
select pg_temp.act_as('admin');
select is((app.moderate_review('40000000-0000-4000-8000-0000000000f2', 'hidden')).status, 'hidden',
  'an admin moderates any location');
reset role;
select is((select array_agg(action order by id)::text from public.audit_log where entity = 'reviews'),
  '{review.approve,review.hide}', 'moderation is audited');

select * from finish();
rollback;
