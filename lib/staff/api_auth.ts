/**
 * Who is calling the Staff API: a verified Supabase access token
 * (`Authorization: Bearer …`) of an active staff member.
 *
 * @module
 */
import type { AccessTokenVerifier } from "../auth/verify.ts";
import type { Claims, Db } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { StaffError } from "./errors.ts";
import { readStaffMember } from "./member.ts";
import type { StaffMember } from "./types.ts";

/** The caller of a Staff API request. */
export interface StaffCaller {
  claims: Claims & { sub: string; role: string };
  staff: StaffMember;
}

/** `ctx.state` of `/api/staff/**` requests (set by its middleware). */
export interface StaffApiState {
  caller: StaffCaller;
  /**
   * The verified claims alone, set instead of `caller` on the routes of
   * {@link checksStaffItself}: they check staff in their own transaction.
   */
  claims?: StaffCaller["claims"];
}

/**
 * Routes that check the caller is active staff inside their own (single)
 * transaction, so the middleware (Staff API or /admin) only verifies the
 * token or session (ADR 0043, 0052): the bookings list, whose SPEC §6
 * latency target a second transaction per request missed, and its page.
 * A route listed here must refuse non-staff itself.
 */
const STAFF_CHECKED_BY_ROUTE: ReadonlySet<string> = new Set([
  "GET /api/staff/bookings",
  "GET /admin/bookings",
]);

/** True when the route `method route` checks staff itself. */
export function checksStaffItself(method: string, route: string): boolean {
  return STAFF_CHECKED_BY_ROUTE.has(`${method} ${route}`);
}

/**
 * The verified user claims of the Authorization header, or a 401 without a
 * valid user token. Whether the user is staff is still to be checked.
 */
export async function bearerClaims(
  tokens: AccessTokenVerifier,
  authorization: string | null,
  now: Date,
): Promise<StaffCaller["claims"]> {
  const m = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!m) {
    throw new StaffError(
      401,
      ERROR_CODES.UNAUTHORIZED,
      "Send Authorization: Bearer <access token>.",
    );
  }
  const claims = await tokens.verify(m[1], now);
  if (
    !claims || claims.role !== "authenticated" || typeof claims.sub !== "string"
  ) {
    throw new StaffError(
      401,
      ERROR_CODES.UNAUTHORIZED,
      "The access token is invalid or expired.",
    );
  }
  return claims as StaffCaller["claims"];
}

/** The 403 of a verified user who is not (or no longer) active staff. */
export function notStaff(): StaffError {
  return new StaffError(403, ERROR_CODES.FORBIDDEN, "Staff only.");
}

/**
 * Resolves the caller from the Authorization header: 401 without a valid
 * user token, 403 when the user is not active staff.
 */
export async function staffCaller(
  db: Db,
  tokens: AccessTokenVerifier,
  authorization: string | null,
  now: Date,
): Promise<StaffCaller> {
  const claims = await bearerClaims(tokens, authorization, now);
  const staff = await readStaffMember(db, claims);
  if (!staff) throw notStaff();
  return { claims, staff };
}
