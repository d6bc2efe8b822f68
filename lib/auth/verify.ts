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

/**
 * Verifies the Staff API's bearer tokens (ADR 0052): an HS256 key imported
 * once, and the claims of tokens already verified kept by token string, so
 * a client sending the same access token with every request pays the HMAC
 * (a trip through the runtime's crypto thread pool) once. A kept token is
 * still refused from its `exp` on, by the clock the caller passes, as
 * `jwtVerify` refuses it; nothing else about a token can change (its
 * signature is a function of the token and the secret). Whether the user
 * is still active staff is not cached: every request asks the database.
 */
export class AccessTokenVerifier {
  readonly #secret: string;
  readonly #maxEntries: number;
  #key: Promise<CryptoKey> | null = null;
  #verified = new Map<string, Readonly<JwtClaims>>();

  /**
   * @param secret the project's JWT secret ("" refuses every token).
   * @param opts `maxEntries` bounds the kept tokens (oldest dropped first).
   */
  constructor(secret: string, opts: { maxEntries?: number } = {}) {
    this.#secret = secret;
    this.#maxEntries = opts.maxEntries ?? 1000;
  }

  /** The token's claims at `now`, or null when forged, malformed or expired. */
  async verify(token: string, now: Date): Promise<Readonly<JwtClaims> | null> {
    if (!this.#secret) return null;
    const kept = this.#verified.get(token);
    if (kept) return activeAt(kept, now) ? kept : null;
    this.#key ??= crypto.subtle.importKey(
      "raw",
      encoder.encode(this.#secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    let payload: JwtClaims;
    try {
      ({ payload } = await jwtVerify<JwtClaims>(token, await this.#key, {
        algorithms: ["HS256"],
        currentDate: now,
      }));
    } catch {
      return null;
    }
    if (typeof payload.role !== "string" || payload.role === "") return null;
    const claims = Object.freeze(payload);
    this.#verified.set(token, claims);
    if (this.#verified.size > this.#maxEntries) {
      this.#verified.delete(this.#verified.keys().next().value!);
    }
    return claims;
  }
}

/** `jwtVerify`'s time checks (no clock tolerance): `exp` and `nbf` at `now`. */
function activeAt(claims: JwtClaims, now: Date): boolean {
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp === "number" && claims.exp <= seconds) return false;
  if (typeof claims.nbf === "number" && claims.nbf > seconds) return false;
  return true;
}
