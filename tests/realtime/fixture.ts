/**
 * A small RLS-protected table in `supabase_realtime`, so the realtime
 * mechanism is tested independently of the app schema: admins (app_metadata
 * `rt_role` = admin) see every row, a location's staff (`rt_location`) see
 * that location's rows, anon sees nothing.
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";

/** Create `public.rt_items` with policies and install the notify trigger. */
export async function installProbeTable(db: Db): Promise<void> {
  await db.sql.unsafe(`
    create table public.rt_items (
      id uuid primary key default gen_random_uuid(),
      location_id uuid not null,
      title text not null,
      qty int4 not null default 0,
      created_at timestamptz not null default now()
    );
    alter table public.rt_items enable row level security;
    grant select on public.rt_items to anon, authenticated, service_role;
    create policy rt_items_read on public.rt_items for select to authenticated using (
      coalesce(auth.jwt() -> 'app_metadata' ->> 'rt_role', '') = 'admin'
      or (auth.jwt() -> 'app_metadata' ->> 'rt_location') = location_id::text
    );
    alter publication supabase_realtime add table public.rt_items;
    select realtime.install_notify_triggers();
  `);
}

/** Insert an item as the owner; returns its id. */
export async function insertItem(
  db: Db,
  locationId: string,
  title: string,
  qty = 1,
): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into public.rt_items (location_id, title, qty)
    values (${locationId}, ${title}, ${qty}) returning id`;
  return row.id;
}
