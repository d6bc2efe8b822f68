/**
 * Staff management by admins (issue 11, SPEC §4 /admin/staff, ADR 0024):
 * change a member's role and locations, deactivate (their sessions end at
 * once, their chef row leaves service) and reactivate. One SQL function
 * (`app.update_staff_member`, migration 20261216100200) runs under the
 * admin's claims, writes the audit row with before/after, and refuses
 * anyone but an admin (403) and the removal of the last admin (409).
 *
 * @module
 */
import { z } from "zod";
import type { Claims, Db } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { dbRefusal, fromDbError, StaffError } from "./errors.ts";
import type { StaffRole } from "./types.ts";

/** `PATCH /api/staff/members/{userId}` body. */
export const updateMemberBodySchema = z.strictObject({
  role: z.enum(["chef", "manager", "admin"]).optional(),
  /** The full set of locations (replaces the current one). */
  locationIds: z.array(z.uuid()).max(50).optional(),
  active: z.boolean().optional(),
  /** The member's `updatedAt` as read: a later change answers 409. */
  expectedUpdatedAt: z.iso.datetime({ offset: true }).optional(),
}).refine(
  (b) =>
    b.role !== undefined || b.locationIds !== undefined ||
    b.active !== undefined,
  { message: "nothing to change", path: ["role"] },
);

/** A validated member change. */
export type UpdateMemberBody = z.output<typeof updateMemberBodySchema>;

/** A staff member as admins manage them. */
export interface ManagedMember {
  userId: string;
  email: string;
  fullName: string;
  role: StaffRole;
  active: boolean;
  locationIds: string[];
  updatedAt: string;
}

interface MemberJson {
  user_id: string;
  email: string;
  full_name: string;
  role: StaffRole;
  active: boolean;
  location_ids: string[];
  updated_at: string;
}

function member(j: MemberJson): ManagedMember {
  return {
    userId: j.user_id,
    email: j.email,
    fullName: j.full_name,
    role: j.role,
    active: j.active,
    locationIds: j.location_ids,
    updatedAt: new Date(j.updated_at).toISOString(),
  };
}

/** Maps the staff-management SQL errors (migration header) to StaffErrors. */
export function memberError(err: unknown): StaffError | null {
  if (err instanceof StaffError) return err;
  const e = dbRefusal(err);
  if (!e) return null;
  const { constraint, message } = e;
  switch (constraint) {
    case "staff_last_admin":
      return new StaffError(409, "LAST_ADMIN", message);
    case "staff_expected_updated_at":
      return new StaffError(
        409,
        "STALE_STAFF",
        `${message} ${e.hint ?? ""}`.trim(),
      );
    case "staff_member_exists":
      return new StaffError(404, ERROR_CODES.NOT_FOUND, "No such member.");
    case "staff_role":
      return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
        { path: "role", message },
      ]);
    case "staff_locations":
      return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
        { path: "locationIds", message },
      ]);
  }
  return fromDbError(err);
}

/** Every member with their locations (admins; others see what RLS shows). */
export async function listMembers(
  db: Db,
  claims: Claims,
): Promise<ManagedMember[]> {
  return await withClaims(db, claims, async (tx) => {
    const rows = await tx<{ j: MemberJson }[]>`
      select app.staff_member_json(s.user_id) as j from public.staff s
      order by s.full_name, s.email`;
    return rows.map((r) => member(r.j));
  }, { readOnly: true });
}

/**
 * Applies a change to one member as the caller (an admin, or the database
 * refuses with 403).
 *
 * @throws {StaffError} 403, 404, 409 `LAST_ADMIN` / `STALE_STAFF`, 422.
 */
export async function updateMember(
  db: Db,
  claims: Claims,
  userId: string,
  body: UpdateMemberBody,
): Promise<ManagedMember> {
  if (!z.uuid().safeParse(userId).success) {
    throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such member.");
  }
  const changes: Record<string, unknown> = {};
  if (body.role !== undefined) changes.role = body.role;
  if (body.locationIds !== undefined) changes.location_ids = body.locationIds;
  if (body.active !== undefined) changes.active = body.active;
  try {
    return await withClaims(db, claims, async (tx) => {
      const [row] = await tx<{ j: MemberJson }[]>`
        select app.update_staff_member(${userId}::uuid,
          ${JSON.stringify(changes)}::text::jsonb,
          ${body.expectedUpdatedAt ?? null}::timestamptz) as j`;
      return member(row.j);
    });
  } catch (err) {
    const mapped = memberError(err);
    if (mapped) throw mapped;
    throw err;
  }
}
