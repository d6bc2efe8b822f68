/**
 * Redirect allow-list checks, as GoTrue applies them to `redirect_to`.
 *
 * @module
 */

/** What decides whether a redirect target is acceptable. */
export interface RedirectPolicy {
  siteUrl: string;
  /** Glob patterns (`*` within a host label or path segment, `**` across them). */
  allowList: readonly string[];
  /**
   * GoTrue accepts any loopback target (development). False (the app's
   * production profile): loopback targets are refused even when the
   * allow-list names them, and a target on the site's host must also have
   * its scheme and port (no tokens over plain http next to an https site).
   * Default true.
   */
  allowLoopback?: boolean;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** localhost (and its subdomains), 127.0.0.0/8, ::1. */
function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * True when `target` may receive tokens or codes: same host as the site URL,
 * a loopback host (development only, see {@link RedirectPolicy.allowLoopback}),
 * or a glob match.
 */
export function isRedirectAllowed(
  target: string,
  policy: RedirectPolicy,
): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.protocol === "javascript:" || url.protocol === "data:") return false;
  if (url.username || url.password) return false;
  const strict = policy.allowLoopback === false;
  let site: URL | null = null;
  try {
    site = new URL(policy.siteUrl);
  } catch {
    // An unparsable site URL matches nothing; the allow-list may still match.
  }
  if (site && site.hostname === url.hostname) {
    return !strict || site.origin === url.origin;
  }
  if (isLoopbackHost(url.hostname)) {
    if (strict) return false;
    if (url.protocol === "http:" || url.protocol === "https:") return true;
  }
  return policy.allowList.some((pattern) => globToRegExp(pattern).test(target));
}

/** The requested target when allowed, otherwise the site URL (GoTrue's fallback). */
export function resolveRedirect(
  requested: string | null | undefined,
  policy: RedirectPolicy,
): string {
  if (requested && isRedirectAllowed(requested, policy)) return requested;
  return policy.siteUrl;
}

const cache = new Map<string, RegExp>();

/**
 * Compiles a gobwas-style glob with `.` and `/` as separators: `**` matches
 * anything, `*` anything but a separator, `?` one non-separator character,
 * `{a,b}` alternatives.
 */
export function globToRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let source = "";
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^./]*";
    else if (c === "?") source += "[^./]";
    else if (c === "{") {
      source += "(?:";
      depth++;
    } else if (c === "}" && depth > 0) {
      source += ")";
      depth--;
    } else if (c === "," && depth > 0) source += "|";
    else source += c.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  source += ")".repeat(depth);
  const re = new RegExp(`^${source}$`);
  cache.set(pattern, re);
  return re;
}
