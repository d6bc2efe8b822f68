/**
 * Loading the signed-in staff member, under RLS as that user.
 *
 * @module
 */
import type { Claims, Db, Queryable, TransactionSql } from "../db/mod.ts";
import { readBatch } from "../db/mod.ts";
import type { StaffMember, StaffRole } from "./types.ts";

/** A row of {@link staffMemberQuery}. */
export interface StaffMemberRow {
  user_id: string;
  email: string;
  full_name: string;
  role: StaffRole;
  location_ids: string[];
}

/**
 * The query of the active staff row of the transaction's user
 * (`auth.uid()`) with its locations, not yet awaited: a caller may send it
 * in one round trip with its own statements. Read it with
 * {@link staffMemberOf}.
 */
export function staffMemberQuery(tx: Queryable) {
  return tx<StaffMemberRow[]>`
    select s.user_id, s.email::text as email, s.full_name, s.role,
      coalesce(array_agg(sl.location_id::text order by sl.location_id)
        filter (where sl.location_id is not null), '{}') as location_ids
    from public.staff s
    left join public.staff_locations sl on sl.user_id = s.user_id
    where s.user_id = auth.uid() and s.active
    group by s.user_id`;
}

/** The staff member of {@link staffMemberQuery}'s rows, or null. */
export function staffMemberOf(
  rows: readonly StaffMemberRow[],
): StaffMember | null {
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.user_id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    locationIds: row.location_ids,
  };
}

/**
 * The active staff row of the transaction's user (`auth.uid()`), with its
 * locations, or null for users who are not (or no longer) staff. Run inside
 * `withClaims` so the policies "staff read own staff row" decide.
 */
export async function loadStaffMember(
  tx: TransactionSql,
): Promise<StaffMember | null> {
  return staffMemberOf(await staffMemberQuery(tx));
}

/**
 * The active staff member of `claims` (see {@link loadStaffMember}) in a
 * read-only transaction of its own, sent in one round trip (ADR 0062): the
 * check in front of every staff page and Staff API route.
 */
export async function readStaffMember(
  db: Db,
  claims: Claims,
): Promise<StaffMember | null> {
  const [rows] = await readBatch(db, claims, (sql) => [staffMemberQuery(sql)]);
  return staffMemberOf(rows);
}

/**
 * The role of the transaction's user when active staff, else null
 * (`app.staff_role()`, the rule the policies use), not yet awaited: for a
 * caller that needs only the role, sent with its own statements.
 */
export function staffRoleQuery(tx: Queryable) {
  return tx<{ role: StaffRole | null }[]>`select app.staff_role() as role`;
}
