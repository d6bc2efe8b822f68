/**
 * Static generation with regeneration for the marketing pages: each page is
 * rendered once per version of what it shows, kept in memory as finished
 * bytes with a strong ETag, and served from there. The version is a key the
 * caller derives from the content source (the site catalog); when it
 * changes the next request renders the page again, and only a completely
 * rendered 200 ever replaces a stored one, so no client sees half a page.
 *
 * Headers that are the same for every request (the security headers) are
 * stored with the page; the request id is added per request, so cached
 * bytes and headers never carry another request's.
 *
 * Each page is also stored brotli- and gzip-compressed (once per version)
 * and the answer's coding follows `Accept-Encoding`: a browser receives a
 * fifth of the bytes, and the server holds a fifth as much per response in
 * flight (bench/connections, 10,000 keep-alive connections).
 *
 * @module
 */
import {
  type Coding,
  CODINGS,
  compress,
  negotiateCoding,
} from "./content_encoding.ts";

/** One stored encoding of a page: its bytes and the headers that describe them. */
export interface PageRepresentation {
  readonly body: Uint8Array<ArrayBuffer>;
  /** Strong, per coding (RFC 9110 §8.8.3: different bytes, different tag). */
  readonly etag: string;
  /** content-type, cache-control, vary, etag (and content-encoding), the constant extras: for a 304. */
  readonly headers: readonly (readonly [string, string])[];
  /** {@link headers} and content-length, for a 200. */
  readonly fullHeaders: readonly (readonly [string, string])[];
  /**
   * The answers, built once: a hit sends a clone of one. A clone shares
   * the stored bytes and copies only the validated header list, where
   * `new Response(bytes, { headers })` copies the bytes and validates and
   * converts every header on each request (ADR 0049: ~30 µs of a ~35 µs
   * constant-bytes answer).
   */
  readonly answers: {
    readonly get: Response;
    readonly head: Response;
    readonly notModified: Response;
  };
}

/** One stored page: the identity bytes and their compressed forms, headers built once. */
export interface CachedPage extends PageRepresentation {
  readonly version: string;
  /** The path it answers (as the router saw it). */
  readonly path: string;
  /** The route pattern that rendered it ("" when not told): the metrics label of a hit. */
  readonly route: string;
  /** Compressed forms that came out smaller than the page. */
  readonly encoded: Readonly<Partial<Record<Coding, PageRepresentation>>>;
  /** The keys of {@link encoded}, for negotiation. */
  readonly codings: readonly Coding[];
}

/** A header list (per-request extras appended); no Headers object is built here. */
export type HeaderList = readonly (readonly [string, string])[];

/** Options of {@link PageCache}. */
export interface PageCacheOptions {
  /** Path patterns served from the cache: exact paths, or a prefix ending in `/*`. */
  paths: readonly string[];
  /** `Cache-Control` of served pages. */
  cacheControl?: string;
  /**
   * Headers every answer carries that are the same for every request (the
   * instance's security headers): appended to the stored lists once, so a
   * hit adds only its request id.
   */
  headers?: HeaderList;
}

/** Options of {@link PageCache.serve}. */
export interface ServeOptions {
  /** The request's path (default: parsed from its URL). */
  path?: string;
  /** The route pattern rendering it, kept with the page ({@link CachedPage.route}). */
  route?: string;
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
  readonly #headers: HeaderList;
  readonly #pages = new Map<string, CachedPage>();
  readonly #building = new Map<
    string,
    { version: string; page: Promise<CachedPage | null> }
  >();

  constructor(options: PageCacheOptions) {
    this.#exact = new Set(options.paths.filter((p) => !p.endsWith("/*")));
    this.#prefixes = options.paths.filter((p) => p.endsWith("/*"))
      .map((p) => p.slice(0, -1));
    this.#cacheControl = options.cacheControl ?? STATIC_PAGE_CACHE_CONTROL;
    this.#headers = options.headers ?? [];
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
   * The page stored for `path` when it was built for `version`, else null
   * (a miss: {@link serve} renders it). Synchronous, so a hit costs no
   * promise, render or header merge.
   */
  stored(path: string, version: string): CachedPage | null {
    const page = this.#pages.get(path);
    return page && page.version === version ? page : null;
  }

  /**
   * The page stored for exactly the path of a GET or HEAD `req` (no query)
   * and `version`, else null. Reads the path from the URL string without
   * parsing it: a request whose path is not literally a stored key (a
   * query, `//`, dot segments, other escapes) is left to the router, which
   * normalises it and may still find the page through {@link serve}.
   */
  storedFor(req: Request, version: string): CachedPage | null {
    const method = req.method;
    if (method !== "GET" && method !== "HEAD") return null;
    const url = req.url;
    const slash = url.indexOf("/", url.indexOf("//") + 2);
    if (slash < 0 || url.includes("?", slash)) return null;
    return this.stored(url.slice(slash), version);
  }

  /**
   * The answer to `req` from `page`: 304 when `If-None-Match` names its
   * ETag, a body for GET, none for HEAD; a clone of the stored answer with
   * `extra` (the request id) set on it.
   */
  respond(req: Request, page: CachedPage, extra: HeaderList = []): Response {
    const coding = negotiateCoding(
      req.headers.get("accept-encoding"),
      page.codings,
    );
    const chosen = coding ? page.encoded[coding]! : page;
    const inm = req.headers.get("if-none-match");
    // Any tag of this version is current: a cache may revalidate the
    // identity bytes while the browser asks for brotli.
    const answer = inm !== null && (etagMatches(inm, page.etag) ||
        page.codings.some((c) => etagMatches(inm, page.encoded[c]!.etag)))
      ? chosen.answers.notModified
      : req.method === "HEAD"
      ? chosen.answers.head
      : chosen.answers.get;
    const res = answer.clone();
    for (const [name, value] of extra) res.headers.set(name, value);
    return res;
  }

  /**
   * Answers `req` (for `path`) from the page stored for `version`, else
   * renders it with `render` and stores the result when it is a complete
   * 200 HTML page that sets no cookie. Only a GET is stored: a HEAD render
   * has no body. Anything else is passed through unchanged.
   */
  async serve(
    req: Request,
    version: string,
    render: () => Promise<Response>,
    options: ServeOptions = {},
  ): Promise<Response> {
    const path = options.path ?? new URL(req.url).pathname;
    let page = this.stored(path, version);
    if (!page) {
      // A page being built for this version (its render and compression)
      // serves every request that missed meanwhile: a burst of misses after
      // a start or a catalog change costs one render, not one each.
      const building = this.#building.get(path);
      if (building?.version === version && req.method === "GET") {
        // A failed or uncacheable render leaves the waiter to render itself.
        page = await building.page;
      }
    }
    if (!page) {
      const res = await this.#renderOnce(
        req,
        { path, route: options.route ?? "" },
        version,
        render,
      );
      if (res instanceof Response) return res;
      page = res;
    }
    return this.respond(req, page);
  }

  /**
   * Renders the page for `version` and stores it when it may be kept;
   * returns the stored page, or the rendered response when it may not. A
   * GET registers itself as the build others wait for.
   */
  async #renderOnce(
    req: Request,
    where: { path: string; route: string },
    version: string,
    render: () => Promise<Response>,
  ): Promise<CachedPage | Response> {
    const path = where.path;
    let settle: (page: CachedPage | null) => void = () => {};
    let flight: Promise<CachedPage | null> | null = null;
    if (req.method === "GET") {
      flight = new Promise((resolve) => settle = resolve);
      this.#building.set(path, { version, page: flight });
    }
    try {
      const res = await render();
      const contentType = res.headers.get("content-type") ?? "";
      if (
        req.method !== "GET" || res.status !== 200 ||
        !contentType.startsWith("text/html") || res.headers.has("set-cookie")
      ) {
        settle(null);
        return res;
      }
      const body = new Uint8Array(await res.arrayBuffer()) as Uint8Array<
        ArrayBuffer
      >;
      const page = await this.#build(where, version, body, contentType);
      this.#pages.set(path, page);
      settle(page);
      return page;
    } catch (error) {
      settle(null);
      throw error;
    } finally {
      if (flight && this.#building.get(path)?.page === flight) {
        this.#building.delete(path);
      }
    }
  }

  async #build(
    where: { path: string; route: string },
    version: string,
    body: Uint8Array<ArrayBuffer>,
    contentType: string,
  ): Promise<CachedPage> {
    const etag = await strongEtag(body);
    const represent = (
      bytes: Uint8Array<ArrayBuffer>,
      tag: string,
      coding: Coding | null,
    ): PageRepresentation => {
      const headers: [string, string][] = [
        ["content-type", contentType],
        ["cache-control", this.#cacheControl],
        ["vary", "Accept-Encoding"],
        ["etag", tag],
        ...(coding ? [["content-encoding", coding] as [string, string]] : []),
        ...this.#headers.map(([n, v]): [string, string] => [n, v]),
      ];
      const fullHeaders: [string, string][] = [
        ...headers,
        ["content-length", String(bytes.length)],
      ];
      return {
        body: bytes,
        etag: tag,
        headers,
        fullHeaders,
        answers: {
          get: new Response(bytes, { headers: fullHeaders }),
          head: new Response(null, { headers: fullHeaders }),
          notModified: new Response(null, { status: 304, headers }),
        },
      };
    };
    const encoded: Partial<Record<Coding, PageRepresentation>> = {};
    for (const coding of CODINGS) {
      const bytes = await compress(body, coding);
      if (bytes.length < body.length) {
        encoded[coding] = represent(
          bytes,
          `${etag.slice(0, -1)}-${coding}"`,
          coding,
        );
      }
    }
    return {
      version,
      ...where,
      ...represent(body, etag, null),
      encoded,
      codings: CODINGS.filter((c) => encoded[c]),
    };
  }
}
