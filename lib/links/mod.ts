/**
 * The one place public URLs are built: the app's public origin and the paths
 * of the pages links point to (mail, confirmation, canonical, sitemap).
 *
 * The origin is `PUBLIC_URL` when configured; without it, the origin the
 * server is actually listening on (told by the server's `onListen`, so
 * `PORT=0` or any other port gives working links); before the server
 * listens, `http://127.0.0.1:$PORT`.
 *
 * @module
 */

/** The app's public origin (no trailing slash), configured or as listening. */
export class PublicOrigin {
  readonly #configured: string | null;
  #listening: string | null = null;
  readonly #fallback: string;

  /**
   * @param configured `PUBLIC_URL` (or an override), null when not set.
   * @param port the configured port, used until the server says where it listens.
   */
  constructor(configured: string | null, port: number) {
    this.#configured = configured === null ? null : trimSlashes(configured);
    this.#fallback = `http://127.0.0.1:${port}`;
  }

  /** True when `PUBLIC_URL` (or an override) fixes the origin. */
  get configured(): boolean {
    return this.#configured !== null;
  }

  /** The origin links start with, e.g. "https://myhibachi.example". */
  get origin(): string {
    return this.#configured ?? this.#listening ?? this.#fallback;
  }

  /**
   * Told by the server once it listens. Wildcard addresses (0.0.0.0, ::)
   * become loopback, the address a browser on this machine can open.
   */
  listening(addr: { hostname: string; port: number }): void {
    this.#listening = listeningOrigin(addr);
  }

  /** An absolute URL of `path` ("/manage/…") on this origin. */
  url(path: string): string {
    return absoluteUrl(path, this.origin);
  }

  toString(): string {
    return this.origin;
  }
}

/** The origin a server bound to `addr` answers on (http). */
export function listeningOrigin(
  addr: { hostname: string; port: number },
): string {
  let host = addr.hostname;
  if (host === "0.0.0.0" || host === "") host = "127.0.0.1";
  else if (host === "::") host = "[::1]";
  else if (host.includes(":") && !host.startsWith("[")) host = `[${host}]`;
  return `http://${host}:${addr.port}`;
}

function trimSlashes(origin: string): string {
  return origin.replace(/\/+$/, "");
}

/**
 * Absolute URL of a site path on `origin` (`/faq` → `https://example.com/faq`);
 * trailing slashes of the path are dropped (the root stays "/"), and an
 * absolute URL is returned as it is.
 */
export function absoluteUrl(path: string, origin: string): string {
  if (/^https?:\/\//.test(path)) return path;
  const clean = path.startsWith("/") ? path : `/${path}`;
  return `${trimSlashes(origin)}${
    clean === "/" ? "/" : clean.replace(/\/+$/, "")
  }`;
}

/** The customer's manage page of a booking: `/manage/{reference}?token=…`. */
export function managePath(reference: string, token: string): string {
  return `/manage/${encodeURIComponent(reference)}?token=${
    encodeURIComponent(token)
  }`;
}

/** The manage page's form action (the token travels in the body). */
export function manageActionPath(reference: string): string {
  return `/manage/${encodeURIComponent(reference)}`;
}

/** The confirmation page after booking: `/book/confirmation/{reference}?token=…`. */
export function confirmationPath(reference: string, token: string): string {
  return `/book/confirmation/${encodeURIComponent(reference)}?token=${
    encodeURIComponent(token)
  }`;
}

/** The absolute manage link mailed to the customer. */
export function manageUrl(
  origin: string,
  reference: string,
  token: string,
): string {
  return absoluteUrl(managePath(reference, token), origin);
}
