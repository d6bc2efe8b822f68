/**
 * Access-token verification shared by the app server and the realtime server.
 *
 * Tokens are HS256 JWTs signed with the project's JWT secret (Supabase's
 * legacy scheme, which the embedded auth stand-in and the CLI's anon and
 * service_role keys use).
 *
 * @module
 */
import { errors, jwtVerify } from "jose";

/** Claims of a Supabase JWT: user access tokens and the anon/service_role keys. */
export interface JwtClaims {
  /** `anon`, `authenticated` or `service_role`. */
  role: string;
  /** User id; absent in API keys. */
  sub?: string;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  email?: string;
  phone?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  aal?: string;
  amr?: { method: string; timestamp: number }[];
  session_id?: string;
  is_anonymous?: boolean;
  [claim: string]: unknown;
}

/** Why a token was refused; `expired` lets callers answer like GoTrue does. */
export type VerifyFailure = "malformed" | "signature" | "expired" | "claims";

/** Result of {@link verifyAccessTokenDetailed}. */
export type VerifyResult =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: VerifyFailure; message: string };

/** Options for verification. */
export interface VerifyOptions {
  /** Clock override (tests); defaults to the current time. */
  now?: Date;
}

const encoder = new TextEncoder();

/**
 * Verifies an HS256 token and explains a refusal.
 *
 * Only HS256 is accepted so an `alg: none` or asymmetric-confusion token can
 * never pass; `exp` is enforced when present (the API keys carry one too).
 */
export async function verifyAccessTokenDetailed(
  token: string,
  secret: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  if (!secret) {
    return { ok: false, reason: "signature", message: "no JWT secret" };
  }
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ["HS256"],
      currentDate: options.now,
    });
    if (typeof payload.role !== "string" || payload.role === "") {
      return { ok: false, reason: "claims", message: "missing role claim" };
    }
    return { ok: true, claims: payload as JwtClaims };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { ok: false, reason: "expired", message: "token is expired" };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return {
        ok: false,
        reason: "signature",
        message: "signature is invalid",
      };
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      return { ok: false, reason: "claims", message: error.message };
    }
    return { ok: false, reason: "malformed", message: "token is malformed" };
  }
}

/**
 * Verifies an access token (or API key) and returns its claims, or null when
 * it is forged, malformed or expired.
 */
export async function verifyAccessToken(
  token: string,
  secret: string,
  options: VerifyOptions = {},
): Promise<JwtClaims | null> {
  const result = await verifyAccessTokenDetailed(token, secret, options);
  return result.ok ? result.claims : null;
}
