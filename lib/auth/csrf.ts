/**
 * CSRF protection for HTML forms: a double-submit token. A random token
 * lives in an HttpOnly, SameSite=Lax cookie (`__Host-` prefixed on https, so
 * a sibling subdomain cannot plant it) and every state-changing form repeats
 * it in a hidden field; the server accepts the POST only when both match and
 * the `Origin` header, when sent, is our own.
 *
 * @module
 */
import { parseCookieHeader } from "@supabase/ssr";

/** Name of the hidden form field carrying the token. */
export const CSRF_FIELD = "_csrf";

const COOKIE_PLAIN = "mh-csrf";
const COOKIE_SECURE = "__Host-mh-csrf";
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The token for this request's forms, and the cookie to set when it is new. */
export interface CsrfIssue {
  token: string;
  /** A `Set-Cookie` value, present only when the browser had no valid token. */
  setCookie?: string;
}

function isSecure(req: Request, publicUrl: string): boolean {
  return new URL(req.url).protocol === "https:" ||
    publicUrl.startsWith("https:");
}

function cookieName(req: Request, publicUrl: string): string {
  return isSecure(req, publicUrl) ? COOKIE_SECURE : COOKIE_PLAIN;
}

/** The CSRF token the browser already holds, if well-formed. */
export function readCsrfCookie(
  req: Request,
  publicUrl: string,
): string | undefined {
  const name = cookieName(req, publicUrl);
  const found = parseCookieHeader(req.headers.get("cookie") ?? "").find((c) =>
    c.name === name
  );
  return found?.value && TOKEN_SHAPE.test(found.value)
    ? found.value
    : undefined;
}

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Returns the token to embed in this page's forms, reusing the browser's
 * cookie when present so several open tabs keep working.
 */
export function issueCsrf(req: Request, publicUrl: string): CsrfIssue {
  const existing = readCsrfCookie(req, publicUrl);
  if (existing) return { token: existing };
  const token = newToken();
  const attrs = [
    `${cookieName(req, publicUrl)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    // A session-length lifetime would break forms left open overnight.
    "Max-Age=43200",
  ];
  if (isSecure(req, publicUrl)) attrs.push("Secure");
  return { token, setCookie: attrs.join("; ") };
}

function sameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.get("origin");
  // Browsers send Origin on every cross-site POST; its absence means a
  // same-site navigation or a non-browser client, which cannot ride cookies.
  if (origin === null) return true;
  const allowed = new Set([new URL(req.url).origin, new URL(publicUrl).origin]);
  return allowed.has(origin);
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * True when a state-changing form request carries the CSRF token of its
 * cookie and does not come from a foreign origin.
 */
export function verifyCsrf(
  req: Request,
  form: FormData,
  publicUrl: string,
): boolean {
  if (!sameOrigin(req, publicUrl)) return false;
  const cookie = readCsrfCookie(req, publicUrl);
  const field = form.get(CSRF_FIELD);
  return cookie !== undefined && typeof field === "string" &&
    timingSafeEqual(cookie, field);
}

/** The plain 403 answer to a request that failed {@link verifyCsrf}. */
export function csrfRejected(): Response {
  return new Response(
    "Forbidden: the form expired or did not come from this site. Reload the page and try again.",
    {
      status: 403,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-store",
      },
    },
  );
}
