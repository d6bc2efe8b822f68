/**
 * Who is calling the Staff API: a verified Supabase access token
 * (`Authorization: Bearer …`) of an active staff member.
 *
 * @module
 */
import { verifyAccessToken } from "../auth/verify.ts";
import { type Claims, type Db, withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { StaffError } from "./errors.ts";
import { loadStaffMember } from "./member.ts";
import type { StaffMember } from "./types.ts";

/** The caller of a Staff API request. */
export interface StaffCaller {
  claims: Claims & { sub: string; role: string };
  staff: StaffMember;
}

/** `ctx.state` of `/api/staff/**` requests (set by its middleware). */
export interface StaffApiState {
  caller: StaffCaller;
}

/**
 * Resolves the caller from the Authorization header: 401 without a valid
 * user token, 403 when the user is not active staff.
 */
export async function staffCaller(
  db: Db,
  jwtSecret: string,
  authorization: string | null,
  now: Date,
): Promise<StaffCaller> {
  const m = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!m) {
    throw new StaffError(
      401,
      ERROR_CODES.UNAUTHORIZED,
      "Send Authorization: Bearer <access token>.",
    );
  }
  const claims = await verifyAccessToken(m[1], jwtSecret, { now });
  if (
    !claims || claims.role !== "authenticated" || typeof claims.sub !== "string"
  ) {
    throw new StaffError(
      401,
      ERROR_CODES.UNAUTHORIZED,
      "The access token is invalid or expired.",
    );
  }
  const full = claims as StaffCaller["claims"];
  const staff = await withClaims(db, full, (tx) => loadStaffMember(tx), {
    readOnly: true,
  });
  if (!staff) {
    throw new StaffError(403, ERROR_CODES.FORBIDDEN, "Staff only.");
  }
  return { claims: full, staff };
}
