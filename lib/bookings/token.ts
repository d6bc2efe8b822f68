/**
 * Manage-link secrets: 32 random bytes, base64url; only the SHA-256 hex
 * digest is stored (`bookings.manage_token_hash`).
 *
 * @module
 */

/** A new manage token: 32 random bytes as unpadded base64url (43 characters). */
export function newManageToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** SHA-256 hex digest of a token, as the database compares it. */
export async function hashManageToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

/** True when a string could be a manage token (bounded, base64url alphabet). */
export function isPlausibleToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(token);
}
