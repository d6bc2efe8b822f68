/**
 * Static file table and responses: exact-path GET/HEAD, SHA-1 etags,
 * 304 on If-None-Match, and `?__frsh_c=BUILD_ID` immutable caching.
 */
import { contentTypeFor } from "./media_types.ts";
import { sha1Hex } from "./build_id.ts";
import { ASSET_CACHE_BUST_KEY } from "../runtime/asset.ts";

/** One file served from a static directory. */
export interface StaticFile {
  /** URL path, e.g. `/logo.svg` (decoded, as on disk). */
  path: string;
  filePath: string;
  size: number;
  contentType: string;
  etag: string;
}

async function walkFiles(dir: string, prefix: string, out: string[]) {
  let entries: Deno.DirEntry[];
  try {
    entries = [];
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of entries) {
    const rel = `${prefix}/${e.name}`;
    if (e.isDirectory) await walkFiles(`${dir}/${e.name}`, rel, out);
    else if (e.isFile) out.push(rel);
  }
}

/** List the static files of `dirs` (later dirs do not override earlier ones). */
export async function collectStaticFiles(
  dirs: string[],
  buildId: string,
  basePath = "",
): Promise<Map<string, StaticFile>> {
  const table = new Map<string, StaticFile>();
  for (const dir of dirs) {
    const rels: string[] = [];
    await walkFiles(dir, "", rels);
    for (const rel of rels) {
      const path = basePath + rel;
      if (table.has(path)) continue;
      const filePath = dir + rel;
      const stat = await Deno.stat(filePath);
      table.set(path, {
        path,
        filePath,
        size: stat.size,
        contentType: contentTypeFor(rel),
        etag: await sha1Hex(buildId + rel),
      });
    }
  }
  return table;
}

/** Serve one static file for GET/HEAD, honouring etags and the cache-bust key. */
export async function serveStaticFile(
  req: Request,
  url: URL,
  file: StaticFile,
  buildId: string,
): Promise<Response> {
  const key = url.searchParams.get(ASSET_CACHE_BUST_KEY);
  if (key !== null && key !== buildId) {
    url.searchParams.delete(ASSET_CACHE_BUST_KEY);
    return new Response(null, {
      status: 307,
      headers: { location: url.pathname + url.search },
    });
  }
  const headers = new Headers({
    "content-type": file.contentType,
    etag: file.etag,
    vary: "If-None-Match",
  });
  if (key !== null) {
    headers.set("cache-control", "public, max-age=31536000, immutable");
  }
  const ifNoneMatch = req.headers.get("if-none-match");
  if (ifNoneMatch === file.etag || ifNoneMatch === `W/${file.etag}`) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("content-length", String(file.size));
  if (req.method === "HEAD") {
    return new Response(null, { status: 200, headers });
  }
  const handle = await Deno.open(file.filePath, { read: true });
  return new Response(handle.readable, { status: 200, headers });
}
