/** Security headers added to every response. */

/**
 * The site's Content-Security-Policy. Scripts only from our origin and never
 * inline (the runtime boots islands from an external module); inline styles
 * are allowed because twind emits one `<style>` element. Connections go to
 * our own origin (its websockets included) and to `connectSources` (a real
 * Supabase project's https and wss origins), nowhere else.
 */
export function contentSecurityPolicy(
  connectSources: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** The policy of an app that connects only to itself. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** The https and wss origins of a Supabase URL, for `connect-src`. */
export function supabaseConnectSources(url: string): string[] {
  const { protocol, host } = new URL(url);
  return [
    `${protocol}//${host}`,
    `${protocol === "https:" ? "wss" : "ws"}://${host}`,
  ];
}

/** Header name → value for every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy":
    "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** HSTS, only meaningful (and only sent) when the public origin is https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/**
 * Returns a response carrying `headers` (existing values are overwritten).
 * Responses with immutable headers (e.g. `Response.redirect`) are re-wrapped;
 * a WebSocket upgrade (101) is returned untouched because it cannot be
 * re-wrapped and must reach the runtime as is.
 */
export function withHeaders(
  response: Response,
  headers: Readonly<Record<string, string>>,
): Response {
  if (response.status === 101) {
    try {
      for (const [name, value] of Object.entries(headers)) {
        response.headers.set(name, value);
      }
    } catch {
      // Immutable upgrade headers: leave the handshake alone.
    }
    return response;
  }
  try {
    for (const [name, value] of Object.entries(headers)) {
      response.headers.set(name, value);
    }
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) {
      copy.headers.set(name, value);
    }
    return copy;
  }
}
