-- DELETE /api/holds/{id} answers 204 for a hold that exists (released now,
-- or already expired/converted: the request is idempotent) and 404 for an
-- unknown id. app.release_hold alone cannot tell "unknown" from "no longer
-- active", and anon may not read holds, so this definer function says which.
create or replace function app.release_hold_status(p_hold uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if app.release_hold(p_hold) then
    return 'released';
  end if;
  if exists (select 1 from public.holds h where h.id = p_hold) then
    return 'inactive';
  end if;
  return null;
end
$$;

revoke execute on function app.release_hold_status(uuid) from public;
grant execute on function app.release_hold_status(uuid) to anon, authenticated, service_role;
