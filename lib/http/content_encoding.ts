/**
 * Content codings for bytes compressed once and served many times (the page
 * cache): negotiation of `Accept-Encoding` and the compressors. `Deno.serve`
 * does not compress these answers itself, and compressing per request would
 * spend the CPU the cache exists to save.
 *
 * @module
 */
import { brotliCompress, constants } from "node:zlib";

/** The codings a stored page may carry, best first. */
export const CODINGS = ["br", "gzip"] as const;

/** One of {@link CODINGS}. */
export type Coding = typeof CODINGS[number];

/**
 * The best of `available` that `acceptEncoding` accepts (q > 0, by name or
 * `*`), else null (identity). Client preference order is not honoured
 * beyond q=0: every browser lists both, and brotli is the smaller.
 */
export function negotiateCoding(
  acceptEncoding: string | null,
  available: readonly Coding[],
): Coding | null {
  if (!acceptEncoding || available.length === 0) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    accepted.set(name, Number.isFinite(weight) ? weight : 0);
  }
  for (const coding of CODINGS) {
    if (!available.includes(coding)) continue;
    const q = accepted.get(coding) ?? accepted.get("*");
    if (q !== undefined && q > 0) return coding;
  }
  return null;
}

/**
 * Brotli quality: 10 is 2% larger than 11 on the home page (7.6 against
 * 7.4 kB) for a quarter of the CPU (34 against 144 ms), which a
 * regeneration spends on the event loop once per page and version.
 */
const BROTLI_QUALITY = 10;

/** `body` compressed with `coding` (once per page version, not per request). */
export async function compress(
  body: Uint8Array<ArrayBuffer>,
  coding: Coding,
): Promise<Uint8Array<ArrayBuffer>> {
  if (coding === "gzip") {
    const stream = new Blob([body]).stream().pipeThrough(
      new CompressionStream("gzip"),
    );
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  const out = await new Promise<Uint8Array>((resolve, reject) =>
    brotliCompress(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }, (err, result) => err ? reject(err) : resolve(result))
  );
  return new Uint8Array(out);
}

/** Types worth compressing on the fly (pages, scripts, styles). */
const COMPRESSIBLE =
  /^(text\/(html|css|javascript|plain)|application\/javascript)\b/;

/** Bodies smaller than this are sent as they are (a header costs more than it saves). */
const MIN_BYTES = 1024;

/**
 * `res` gzip-compressed as it streams when `req` accepts gzip and the body
 * is a page, script or stylesheet of at least 1 kB that nothing else
 * encoded; otherwise `res` itself. For responses rendered per request
 * (booking steps, the quote page); the page cache stores its compressed
 * forms instead. gzip at the stream's level costs ~1 ms for a 50 kB page.
 */
export function gzipResponse(req: Request, res: Response): Response {
  if (
    res.status < 200 || res.status === 204 || res.status === 206 ||
    req.method === "HEAD" ||
    negotiateCoding(req.headers.get("accept-encoding"), ["gzip"]) === null ||
    res.headers.has("content-encoding") ||
    !COMPRESSIBLE.test(res.headers.get("content-type") ?? "") ||
    /\bno-transform\b/.test(res.headers.get("cache-control") ?? "")
  ) return res;
  const length = res.headers.get("content-length");
  if (length !== null && Number(length) < MIN_BYTES) return res;
  // Only now: reading `res.body` turns a string body into a stream, which
  // Deno.serve then pumps through JavaScript chunk by chunk instead of
  // writing the string at once (~10% of a /book request's CPU, ADR 0050).
  if (!res.body) return res;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  headers.set("content-encoding", "gzip");
  const vary = headers.get("vary");
  if (!vary || !/accept-encoding/i.test(vary)) {
    headers.set("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  }
  // A strong ETag names the identity bytes (RFC 9110 §8.8.3).
  const etag = headers.get("etag");
  if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
  return new Response(res.body.pipeThrough(new CompressionStream("gzip")), {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
}
