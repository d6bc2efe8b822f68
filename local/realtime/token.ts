/**
 * Access-token rules Realtime applies to a channel: a valid HS256 signature
 * (lib/auth/verify.ts), the claims `role` and `exp`, `exp` in the future, and
 * (for this stand-in) a role the database path can switch to.
 *
 * @module
 */
import {
  type JwtClaims,
  verifyAccessTokenDetailed,
} from "../../lib/auth/verify.ts";

/** Verified claims of a channel's token; `exp` is always present. */
export type RealtimeClaims = JwtClaims & { exp: number };

/** Outcome of checking a token: claims, or the message Realtime would send. */
export type TokenCheck =
  | { ok: true; claims: RealtimeClaims }
  | { ok: false; message: string };

/** Roles lib/db `withClaims` can run as. */
const API_ROLES = new Set(["anon", "authenticated", "service_role"]);

/** Check `token` with `secret`; never throws. */
export async function checkToken(
  token: string,
  secret: string,
  now: Date = new Date(),
): Promise<TokenCheck> {
  const result = await verifyAccessTokenDetailed(token, secret, { now });
  if (!result.ok) {
    switch (result.reason) {
      case "expired":
        return { ok: false, message: "Token has expired" };
      case "signature":
        return { ok: false, message: "Failed to validate JWT signature" };
      case "claims":
        return {
          ok: false,
          message: "Fields `role` and `exp` are required in JWT",
        };
      default:
        return { ok: false, message: "Invalid JWT Token" };
    }
  }
  const { claims } = result;
  if (typeof claims.exp !== "number") {
    return {
      ok: false,
      message: "Fields `role` and `exp` are required in JWT",
    };
  }
  if (!API_ROLES.has(claims.role)) {
    return { ok: false, message: `Unauthorized role: ${claims.role}` };
  }
  return { ok: true, claims: claims as RealtimeClaims };
}
