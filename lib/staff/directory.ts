/**
 * The staff list and locations for the /admin/staff page, read under RLS:
 * admins see everyone, managers the staff of their locations, chefs themselves.
 *
 * @module
 */
import type { Sql, TransactionSql } from "../db/mod.ts";
import type { StaffRole } from "./types.ts";

/** One row of the staff list. */
export interface StaffListEntry {
  userId: string;
  email: string;
  fullName: string;
  role: StaffRole;
  active: boolean;
  locationNames: string[];
}

/** A location a staff member can be attached to. */
export interface LocationOption {
  id: string;
  name: string;
}

/** Staff visible to the transaction's user, by name. */
export async function listStaff(tx: TransactionSql): Promise<StaffListEntry[]> {
  const rows = await tx<
    {
      user_id: string;
      email: string;
      full_name: string;
      role: StaffRole;
      active: boolean;
      location_names: string[];
    }[]
  >`
    select s.user_id, s.email::text as email, s.full_name, s.role, s.active,
      coalesce(array_agg(l.name order by l.sort_order, l.name)
        filter (where l.id is not null), '{}') as location_names
    from public.staff s
    left join public.staff_locations sl on sl.user_id = s.user_id
    left join public.locations l on l.id = sl.location_id
    group by s.user_id
    order by s.full_name, s.email`;
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    fullName: r.full_name,
    role: r.role,
    active: r.active,
    locationNames: r.location_names,
  }));
}

/** Locations visible to the transaction's user. */
export async function listLocations(
  tx: TransactionSql,
): Promise<LocationOption[]> {
  return await tx<LocationOption[]>`
    select id, name from public.locations order by sort_order, name`;
}

/**
 * Of `userIds`, those with a deactivated staff row: they must lose their
 * realtime channels (the embedded Realtime asks every few seconds). Runs on
 * the app's own connection: it decides about users, not as one.
 */
export async function deactivatedStaff(
  sql: Sql,
  userIds: string[],
): Promise<Set<string>> {
  const rows = await sql<{ user_id: string }[]>`
    select user_id::text as user_id from public.staff
     where user_id = any(${userIds}::uuid[]) and not active`;
  return new Set(rows.map((r) => r.user_id));
}
