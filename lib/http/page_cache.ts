/**
 * Static generation with regeneration for the marketing pages: each page is
 * rendered once per version of what it shows, kept in memory as finished
 * bytes with a strong ETag, and served from there. The version is a key the
 * caller derives from the content source (the site catalog); when it
 * changes the next request renders the page again, and only a completely
 * rendered 200 ever replaces a stored one, so no client sees half a page.
 *
 * Per-request headers (request id, security headers) are added outside, by
 * the observability layer, so cached bytes never carry another request's.
 *
 * @module
 */

/** One stored page. */
interface StoredPage {
  version: string;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
}

/** Options of {@link PageCache}. */
export interface PageCacheOptions {
  /** Path patterns served from the cache: exact paths, or a prefix ending in `/*`. */
  paths: readonly string[];
  /** `Cache-Control` of served pages. */
  cacheControl?: string;
}

/**
 * Browsers revalidate every time (a 304 costs one round trip); a CDN may
 * serve a page for a minute and a stale one while it revalidates.
 */
export const STATIC_PAGE_CACHE_CONTROL =
  "public, max-age=0, must-revalidate, s-maxage=60, stale-while-revalidate=300";

async function strongEtag(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", body),
  );
  let hex = "";
  for (const b of digest.subarray(0, 16)) {
    hex += b.toString(16).padStart(2, "0");
  }
  return `"${hex}"`;
}

/** True when an `If-None-Match` value names `etag` (or is `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || t === etag;
  });
}

/** The marketing pages of one instance, rendered once per content version. */
export class PageCache {
  readonly #exact: Set<string>;
  readonly #prefixes: string[];
  readonly #cacheControl: string;
  readonly #pages = new Map<string, StoredPage>();

  constructor(options: PageCacheOptions) {
    this.#exact = new Set(options.paths.filter((p) => !p.endsWith("/*")));
    this.#prefixes = options.paths.filter((p) => p.endsWith("/*"))
      .map((p) => p.slice(0, -1));
    this.#cacheControl = options.cacheControl ?? STATIC_PAGE_CACHE_CONTROL;
  }

  /** Whether `url` is one of the cached pages (GET or HEAD, no query). */
  covers(method: string, url: URL): boolean {
    if (method !== "GET" && method !== "HEAD") return false;
    if (url.search) return false;
    const path = url.pathname;
    return this.#exact.has(path) ||
      this.#prefixes.some((p) => path.startsWith(p) && path.length > p.length);
  }

  /** Pages stored now (for tests and metrics). */
  get size(): number {
    return this.#pages.size;
  }

  /**
   * Answers `req` from the page stored for `version`, else renders it with
   * `render` and stores the result when it is a complete 200 HTML page that
   * sets no cookie. Anything else is passed through unchanged.
   */
  async serve(
    req: Request,
    version: string,
    render: () => Promise<Response>,
  ): Promise<Response> {
    const path = new URL(req.url).pathname;
    let page = this.#pages.get(path);
    if (!page || page.version !== version) {
      const res = await render();
      const contentType = res.headers.get("content-type") ?? "";
      if (
        res.status !== 200 || !contentType.startsWith("text/html") ||
        res.headers.has("set-cookie")
      ) {
        return res;
      }
      const body = new Uint8Array(await res.arrayBuffer()) as Uint8Array<
        ArrayBuffer
      >;
      page = { version, body, etag: await strongEtag(body), contentType };
      this.#pages.set(path, page);
    }
    const headers = {
      "content-type": page.contentType,
      "cache-control": this.#cacheControl,
      etag: page.etag,
    };
    if (etagMatches(req.headers.get("if-none-match"), page.etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(req.method === "HEAD" ? null : page.body, {
      headers: { ...headers, "content-length": String(page.body.length) },
    });
  }
}
