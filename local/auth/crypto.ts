/**
 * Token material for the auth stand-in: OTPs, their hashes, opaque tokens
 * and PKCE checks, matching GoTrue's formats.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** Prefix GoTrue puts on token hashes issued in the PKCE flow. */
export const PKCE_PREFIX = "pkce_";

/** A uniformly random numeric one-time password of `length` digits. */
export function generateOtp(length = 6): string {
  let otp = "";
  // Rejection sampling keeps every digit uniform (256 is not a multiple of 10).
  while (otp.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte < 250 && otp.length < length) otp += String(byte % 10);
    }
  }
  return otp;
}

/** GoTrue's token hash: hex SHA-224 of `email + otp`. */
export function tokenHash(email: string, otp: string): string {
  return createHash("sha224").update(email + otp).digest("hex");
}

const ALPHANUMERIC =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** An unguessable alphanumeric string (refresh tokens), ~5.95 bits per char. */
export function randomToken(length = 24): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      // 248 = 4 * 62: drop the tail so every character is equally likely.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/** PKCE challenge methods GoTrue accepts. */
export type ChallengeMethod = "s256" | "plain";

/** Normalises a client-supplied method (`S256`, `s256`, `plain`) or null if unknown. */
export function parseChallengeMethod(value: unknown): ChallengeMethod | null {
  if (typeof value !== "string") return null;
  const lower = value.toLowerCase();
  return lower === "s256" || lower === "plain" ? lower : null;
}

/** Unpadded base64url of SHA-256(verifier), the S256 challenge. */
export function s256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** True when `verifier` answers the stored challenge. */
export function verifierMatches(
  verifier: string,
  challenge: string,
  method: ChallengeMethod,
): boolean {
  const computed = method === "s256" ? s256Challenge(verifier) : verifier;
  return constantTimeEqual(computed, challenge);
}

/** String comparison whose time does not depend on where strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}
