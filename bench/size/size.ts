/**
 * bench/size: gzipped JavaScript a page makes the browser load, from the
 * bundles the running app serves (production build: minified, split):
 * every `<script src>`, `<link rel="modulepreload">`, inline `<script>` (JSON
 * data blocks excluded) and, transitively, every static `import` of those
 * modules. Targets (SPEC §6): booking page ≤ 30 kB, home page 0.
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import { round } from "../lib/stats.ts";

/** gzip size in bytes (CompressionStream, default level). */
export async function gzipSize(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;
const PRELOAD =
  /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g;
const INLINE = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;
const STATIC_IMPORT = /(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g;

/** JavaScript files and inline code a page loads, with gzipped sizes. */
export async function pageJs(
  origin: string,
  path: string,
  init?: RequestInit,
): Promise<{
  files: { url: string; bytes: number; gzip: number }[];
  inlineGzip: number;
}> {
  const res = await fetch(origin + path, init);
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  const html = await res.text();
  const base = new URL(path, origin);
  const queue: string[] = [];
  for (const m of html.matchAll(SCRIPT_SRC)) {
    queue.push(new URL(m[1], base).href);
  }
  for (const m of html.matchAll(PRELOAD)) {
    queue.push(new URL(m[1] ?? m[2], base).href);
  }
  let inline = "";
  for (const m of html.matchAll(INLINE)) {
    const attrs = m[1];
    if (/\bsrc=/.test(attrs) || /type="application\/(ld\+)?json"/.test(attrs)) {
      continue;
    }
    inline += m[2];
  }
  const seen = new Map<string, { url: string; bytes: number; gzip: number }>();
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url} answered ${r.status}`);
    const bytes = new Uint8Array(await r.arrayBuffer());
    seen.set(url, { url, bytes: bytes.length, gzip: await gzipSize(bytes) });
    const text = new TextDecoder().decode(bytes);
    for (const m of text.matchAll(STATIC_IMPORT)) {
      queue.push(new URL(m[1], url).href);
    }
  }
  return {
    files: [...seen.values()],
    inlineGzip: inline.trim()
      ? await gzipSize(new TextEncoder().encode(inline))
      : 0,
  };
}

/** Runs the size cases against the app at `origin`. */
export async function benchSize(origin: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // The wizard's date step (slot picker, hold countdown): a month change posts
  // straight to it, as the page's own month buttons do.
  const month = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(
    0,
    7,
  );
  const dateStep: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ step: "slot", month }).toString(),
  };
  const pages: [string, string, number, RequestInit | undefined][] = [
    ["/", "home page", 0, undefined],
    ["/book", "booking page, first step", 30, undefined],
    ["/book", "booking page, date step (POST)", 30, dateStep],
    ["/quote", "quote calculator page", 30, undefined],
  ];
  for (const [path, label, limitKb, init] of pages) {
    const js = await pageJs(origin, path, init);
    const gzip = js.files.reduce((s, f) => s + f.gzip, 0) + js.inlineGzip;
    const raw = js.files.reduce((s, f) => s + f.bytes, 0);
    rows.push({
      bench: "size",
      case: `${label}: ${init?.method ?? "GET"} ${path}`,
      result: `${js.files.length} files, ${round(raw / 1024, 1)} kB raw, ${
        round(gzip / 1024, 1)
      } kB gzipped (inline ${js.inlineGzip} B)`,
      target: limitKb === 0 ? "0 B" : `≤ ${limitKb} kB gzipped`,
      ok: limitKb === 0 ? gzip === 0 : gzip <= limitKb * 1024,
    });
  }
  return rows;
}
