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
