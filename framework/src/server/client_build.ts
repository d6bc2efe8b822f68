/**
 * Client bundle storage: in memory (built once per process on first use) or
 * ahead of time in `_fresh/` with `snapshot.json` (`deno task build`).
 */
import type { BundleResult } from "./types.ts";
import { islandEntryName, pluginEntryName } from "./bundler.ts";
import type { ClientFiles } from "./render.ts";
import type { Island } from "./types.ts";

/** A finished client build. */
export interface ClientBuild {
  /** File → statically imported chunks. */
  imports: Map<string, string[]>;
  /** Contents of a built file, or null. */
  read(file: string): Promise<Uint8Array | null>;
}

interface Snapshot {
  build_id: string;
  files: Record<string, string[]>;
}

/** Wrap an in-memory bundle. */
export function inMemoryBuild(result: BundleResult): ClientBuild {
  return {
    imports: result.imports,
    read: (file) => Promise.resolve(result.files.get(file) ?? null),
  };
}

/** Write an AOT build to `outDir` (`outDir/js/*` + `snapshot.json`). */
export async function writeSnapshot(
  outDir: string,
  buildId: string,
  result: BundleResult,
): Promise<void> {
  await Deno.remove(`${outDir}/js`, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${outDir}/js`, { recursive: true });
  for (const [name, contents] of result.files) {
    await Deno.writeFile(`${outDir}/js/${name}`, contents);
  }
  const snapshot: Snapshot = {
    build_id: buildId,
    files: Object.fromEntries(result.imports),
  };
  await Deno.writeTextFile(
    `${outDir}/snapshot.json`,
    JSON.stringify(snapshot, null, 2) + "\n",
  );
}

/** Load an AOT build, or null when `outDir/snapshot.json` does not exist. */
export async function loadSnapshot(
  outDir: string,
): Promise<{ buildId: string; build: ClientBuild } | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${outDir}/snapshot.json`);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  const snapshot = JSON.parse(text) as Snapshot;
  const imports = new Map(Object.entries(snapshot.files));
  return {
    buildId: snapshot.build_id,
    build: {
      imports,
      read: async (file) => {
        if (!imports.has(file)) return null;
        try {
          return await Deno.readFile(`${outDir}/js/${file}`);
        } catch {
          return null;
        }
      },
    },
  };
}

/** Distinct entry lists whose preloads one build remembers. */
const PRELOADS_MEMO_SIZE = 256;

/** URL helpers for pages, bound to a build. */
export function clientFiles(
  build: ClientBuild,
  buildId: string,
  basePath: string,
): ClientFiles {
  const prefix = `${basePath}/_frsh/js/${buildId}/`;
  const fileOf = (url: string) => url.slice(prefix.length);
  const preloads = new Map<string, string[]>();
  return {
    bootUrl: `${prefix}boot.js`,
    islandUrl: (island: Island) => `${prefix}${islandEntryName(island)}.js`,
    pluginUrl: (plugin, key) => `${prefix}${pluginEntryName(plugin, key)}.js`,
    preloadsFor(urls) {
      // A page asks for the same entries on every request.
      const key = urls.join("\n");
      const known = preloads.get(key);
      if (known) return [...known];
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const dep of build.imports.get(file) ?? []) visit(dep);
      };
      for (const url of urls) visit(fileOf(url));
      const out = [...seen].map((f) => prefix + f);
      if (preloads.size >= PRELOADS_MEMO_SIZE) preloads.clear();
      preloads.set(key, out);
      return [...out];
    },
  };
}
