/**
 * Keyed hashing of a sender's IP for `contact_messages.ip_hash`: staff can see
 * that several messages came from one sender without the address itself
 * being stored.
 *
 * @module
 */

/** Key used when `IP_HASH_SECRET` is unset (development and tests). */
const DEV_SECRET = "myhibachi-dev-ip-hash";

/**
 * HMAC-SHA256 of `ip` under `secret` (`IP_HASH_SECRET`; null = a
 * development key), as 64
 * lowercase hex characters. Keyed, so the small IPv4 space cannot be
 * reversed by hashing every address.
 */
export async function hashIp(
  ip: string,
  secret: string | null,
): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret ?? DEV_SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(ip));
  return [...new Uint8Array(mac)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
