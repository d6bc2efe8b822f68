/**
 * Keeps the live feed's access token fresh in the browser. Realtime asks
 * for a token on connect and on every heartbeat; when the current one is
 * close to expiry a fresh one is fetched from the server (which refreshes
 * the cookie session with Supabase Auth).
 *
 * @module
 */

/** Seconds before `exp` at which a token counts as stale. */
export const REFRESH_MARGIN_SECONDS = 120;

/** The `exp` claim of a JWT (unix seconds), or 0 when unreadable. */
export function tokenExpiry(token: string): number {
  const part = token.split(".")[1];
  if (!part) return 0;
  try {
    const json = atob(part.replaceAll("-", "+").replaceAll("_", "/"));
    const exp = JSON.parse(json).exp;
    return typeof exp === "number" ? exp : 0;
  } catch {
    return 0;
  }
}

/**
 * Returns a function giving a token valid for at least the margin, calling
 * `fetchFresh` (at most one call in flight) when the held one is stale. A
 * failed refresh keeps the old token; the server then refuses it and the
 * feed shows as offline until the page is reloaded.
 */
export function tokenKeeper(
  initial: string,
  fetchFresh: () => Promise<string | null>,
  nowSeconds: () => number = () => Date.now() / 1000,
): () => Promise<string> {
  let current = initial;
  let pending: Promise<string> | null = null;
  return () => {
    if (tokenExpiry(current) - nowSeconds() > REFRESH_MARGIN_SECONDS) {
      return Promise.resolve(current);
    }
    pending ??= fetchFresh()
      .then((fresh) => (current = fresh ?? current))
      .catch(() => current)
      .finally(() => (pending = null));
    return pending;
  };
}

/**
 * A fresh access token from the same-origin token URL (`/admin/token`,
 * which refreshes the cookie session), or null when it refuses.
 */
export async function fetchAccessToken(url: string): Promise<string | null> {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) return null;
  const body = await res.json();
  return typeof body.accessToken === "string" ? body.accessToken : null;
}
