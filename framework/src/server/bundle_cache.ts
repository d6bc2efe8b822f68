/**
 * Reuse of finished client builds, keyed by content: a build is reused only
 * when its options are the same and every file esbuild read for it (the
 * metafile's inputs) still has the same SHA-256. Several apps of one process
 * (tests start many) and, with a cache directory, several processes share
 * one esbuild run instead of repeating it.
 *
 * Not in Fresh: Fresh bundles once per process, our tests build many apps.
 *
 * @module
 */
import type { BundleResult } from "./types.ts";

/** A finished build and the content hashes of the files it was built from. */
export interface CachedBuild {
  /** Input path (relative to the build's root, as esbuild lists it) → SHA-256. */
  inputs: Record<string, string>;
  result: BundleResult;
}

/** Finished builds of this module instance, by key. */
const memory = new Map<string, CachedBuild>();

async function sha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string"
    ? new TextEncoder().encode(data)
    : data;
  const digest = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** The key of a build: everything that shapes it besides its input files. */
export function buildKey(parts: unknown): Promise<string> {
  return sha256(JSON.stringify(parts));
}

/** Absolute path of a metafile input, or null for a virtual one (`data-url:…`). */
function inputPath(root: string, input: string): string | null {
  if (input.startsWith("/")) return input;
  if (/^[a-z][a-z0-9-]*:/i.test(input)) return null;
  return `${root}/${input}`;
}

/** SHA-256 of every real input file (a missing file hashes as ""). */
export async function hashInputs(
  root: string,
  inputs: Iterable<string>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all([...inputs].map(async (input) => {
    const path = inputPath(root, input);
    if (path === null) return;
    try {
      out[input] = await sha256(await Deno.readFile(path));
    } catch {
      out[input] = "";
    }
  }));
  return out;
}

async function stillValid(root: string, cached: CachedBuild): Promise<boolean> {
  const now = await hashInputs(root, Object.keys(cached.inputs));
  return Object.entries(cached.inputs).every(([k, v]) => now[k] === v);
}

/** `meta.json` of a build kept on disk; its files lie next to it. */
interface DiskMeta {
  /** Names of the built files. */
  files: string[];
  inputs: Record<string, string>;
  imports: Record<string, string[]>;
  islandFiles: Record<string, string>;
}

async function readDisk(dir: string, key: string): Promise<CachedBuild | null> {
  try {
    const meta: DiskMeta = JSON.parse(
      await Deno.readTextFile(`${dir}/${key}/meta.json`),
    );
    const files = new Map<string, Uint8Array>();
    await Promise.all(meta.files.map(async (name) => {
      files.set(name, await Deno.readFile(`${dir}/${key}/${name}`));
    }));
    return {
      inputs: meta.inputs,
      result: {
        files,
        imports: new Map(Object.entries(meta.imports)),
        islandFiles: new Map(Object.entries(meta.islandFiles)),
      },
    };
  } catch {
    return null;
  }
}

async function writeDisk(
  dir: string,
  key: string,
  cached: CachedBuild,
): Promise<void> {
  // Written whole under a private name, then renamed: readers never see half.
  const tmp = `${dir}/${key}.${crypto.randomUUID()}.tmp`;
  await Deno.mkdir(tmp, { recursive: true });
  for (const [name, contents] of cached.result.files) {
    await Deno.writeFile(`${tmp}/${name}`, contents);
  }
  const meta: DiskMeta = {
    files: [...cached.result.files.keys()],
    inputs: cached.inputs,
    imports: Object.fromEntries(cached.result.imports),
    islandFiles: Object.fromEntries(cached.result.islandFiles),
  };
  await Deno.writeTextFile(`${tmp}/meta.json`, JSON.stringify(meta));
  try {
    await Deno.rename(tmp, `${dir}/${key}`);
  } catch {
    // Another process kept the same build first.
    await Deno.remove(tmp, { recursive: true });
  }
}

/**
 * The build of `key` when its inputs are unchanged (memory first, then
 * `dir`), else `build()`'s result, remembered (and written to `dir`).
 */
export async function cachedBuild(
  key: string,
  root: string,
  dir: string | undefined,
  build: () => Promise<{ result: BundleResult; inputs: string[] }>,
): Promise<BundleResult> {
  const known = memory.get(key) ?? (dir ? await readDisk(dir, key) : null);
  if (known && await stillValid(root, known)) {
    memory.set(key, known);
    return known.result;
  }
  const { result, inputs } = await build();
  const fresh: CachedBuild = { inputs: await hashInputs(root, inputs), result };
  memory.set(key, fresh);
  if (dir) await writeDisk(dir, key, fresh);
  return result;
}
