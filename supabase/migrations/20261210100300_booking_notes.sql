-- Internal notes on a booking (SPEC §4 booking detail "internal notes").
--
-- Who sees what (decision, issue 10):
-- - managers of the booking's location and admins read and add every note;
-- - a chef reads only notes a manager marked `for_chef` ("gate code 4411",
--   "bring the small grill") on bookings assigned to them; everything else
--   (payment disputes, customer issues) stays internal. Chefs write none.
-- - customers and anon: nothing.
-- Notes are append-only like the rest of the history: a correction is a new
-- note. Each insert also lands in the realtime feed (publication below).
create table public.booking_notes (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references public.bookings (id),
  author_id uuid references public.staff (user_id) on delete set null,
  body text not null check (length(btrim(body)) between 1 and 4000),
  for_chef boolean not null default false,
  created_at timestamptz not null default now()
);
create index booking_notes_booking_id_idx on public.booking_notes (booking_id, created_at);
comment on table public.booking_notes is
  'Staff-only notes on bookings; managers/admins read all, chefs only for_chef notes of their bookings.';

alter table public.booking_notes enable row level security;

create trigger booking_notes_append_only before update or delete on public.booking_notes
  for each row execute function app.refuse_change();
create trigger booking_notes_no_truncate before truncate on public.booking_notes
  for each statement execute function app.refuse_change();
revoke update, delete, truncate on public.booking_notes from anon, authenticated, service_role;

create policy "managers and admins read notes of their bookings" on public.booking_notes
  for select to authenticated using (
    (select app.is_admin())
    or exists (select 1 from public.bookings b where b.id = booking_id
                 and b.location_id = any ((select app.managed_location_ids())::uuid[])));
create policy "chefs read chef notes of their assigned bookings" on public.booking_notes
  for select to authenticated using (
    for_chef and exists (select 1 from public.bookings b where b.id = booking_id
                           and b.chef_id is not null and b.chef_id = (select app.chef_id())));
create policy "managers and admins add notes as themselves" on public.booking_notes
  for insert to authenticated with check (
    author_id = (select auth.uid())
    and ((select app.is_admin())
         or exists (select 1 from public.bookings b where b.id = booking_id
                      and b.location_id = any ((select app.managed_location_ids())::uuid[]))));

-- Adding a note through the server: validates, writes the note, a history
-- event (type 'note', so the timeline shows who noted what, without the
-- body for chef-hidden notes) and an audit row, in one transaction.
create or replace function app.add_booking_note(
  p_reference text, p_body text, p_for_chef boolean default false
) returns public.booking_notes
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_booking public.bookings;
  v_note public.booking_notes;
begin
  if p_body is null or length(btrim(p_body)) not between 1 and 4000 then
    raise exception 'NOTE_INVALID: a note has 1 to 4000 characters'
      using errcode = 'invalid_parameter_value', constraint = 'booking_notes_body';
  end if;
  -- Row lock + scope (no stale check: notes never overwrite anything).
  v_booking := app.staff_lock_booking(p_reference, null);
  insert into public.booking_notes (booking_id, author_id, body, for_chef)
  values (v_booking.id, auth.uid(), btrim(p_body), coalesce(p_for_chef, false))
  returning * into v_note;
  insert into public.booking_events (booking_id, type, actor, actor_id, after)
  values (v_booking.id, 'note', 'staff', auth.uid(),
          jsonb_build_object('note_id', v_note.id, 'for_chef', v_note.for_chef));
  perform app.audit_staff_action('booking.note_added', 'booking', v_booking.id::text,
    jsonb_build_object('reference', v_booking.reference, 'note_id', v_note.id, 'for_chef', v_note.for_chef));
  perform app.clear_event_context();
  return v_note;
end
$$;

revoke execute on function app.add_booking_note(text, text, boolean) from public;
grant execute on function app.add_booking_note(text, text, boolean) to authenticated, service_role;

alter publication supabase_realtime add table public.booking_notes;
do $$
begin
  if to_regprocedure('realtime.install_notify_triggers()') is not null then
    perform realtime.install_notify_triggers();
  end if;
end
$$;
