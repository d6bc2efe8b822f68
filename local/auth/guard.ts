/**
 * Caller authentication for the auth endpoints, with GoTrue's refusals.
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import {
  type JwtClaims,
  verifyAccessTokenDetailed,
} from "../../lib/auth/verify.ts";
import { AuthError } from "./errors.ts";
import { bearerToken } from "./http.ts";
import type { AuthSettings } from "./options.ts";
import { findSession, type SessionRow } from "./sessions.ts";
import { findUserById, type UserRow } from "./users.ts";

/** Roles allowed to call the admin endpoints. */
const ADMIN_ROLES = new Set(["service_role", "supabase_admin"]);

/** Verifies the bearer token (the gateway fills it from `apikey` when absent). */
export async function requireClaims(
  req: Request,
  settings: AuthSettings,
): Promise<JwtClaims> {
  const token = bearerToken(req) ?? req.headers.get("apikey");
  if (!token) {
    throw new AuthError(
      401,
      "no_authorization",
      "This endpoint requires a valid Bearer token",
    );
  }
  const result = await verifyAccessTokenDetailed(
    token,
    settings.tokens.jwtSecret,
    { now: settings.now() },
  );
  if (!result.ok) {
    throw new AuthError(
      403,
      "bad_jwt",
      `invalid JWT: unable to parse or verify signature, ${result.message}`,
    );
  }
  return result.claims;
}

/** Requires a service_role (admin) token. */
export async function requireAdmin(
  req: Request,
  settings: AuthSettings,
): Promise<JwtClaims> {
  const claims = await requireClaims(req, settings);
  if (!ADMIN_ROLES.has(claims.role)) {
    throw new AuthError(403, "not_admin", "User not allowed");
  }
  return claims;
}

/** The signed-in caller: verified token, existing user and live session. */
export interface Caller {
  claims: JwtClaims;
  user: UserRow;
  session: SessionRow;
}

/**
 * Resolves a user access token to its user and session; 403
 * `session_not_found` once the session was signed out, which makes auth-js
 * drop its stored session.
 */
export async function requireUser(
  tx: TransactionSql,
  claims: JwtClaims,
): Promise<Caller> {
  if (typeof claims.sub !== "string" || claims.sub === "") {
    throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
  }
  const user = await findUserById(tx, claims.sub);
  if (!user) {
    throw new AuthError(
      403,
      "user_not_found",
      "User from sub claim in JWT does not exist",
    );
  }
  const sessionId = typeof claims.session_id === "string"
    ? claims.session_id
    : "";
  const session = sessionId ? await findSession(tx, sessionId) : null;
  if (!session || session.user_id !== user.id) {
    throw new AuthError(
      403,
      "session_not_found",
      "Session from session_id claim in JWT does not exist",
    );
  }
  return { claims, user, session };
}
