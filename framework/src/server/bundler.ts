/**
 * Builds the browser bundles with esbuild: the boot module, one entry per
 * island file and one per plugin entrypoint, code-split ESM, minified.
 * Bare specifiers are resolved through deno.json's import map onto
 * node_modules (npm: entries) or local folders (`$fresh/`).
 */
import * as esbuild from "esbuild";
import type { BundleResult, Island, Plugin } from "./types.ts";
import { buildKey, cachedBuild } from "./bundle_cache.ts";

/** Options of {@link bundle}. */
export interface BundleOptions {
  /** Project root directory (where deno.json lives). */
  root: string;
  islands: Island[];
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[];
  /** Skip minification (dev). */
  dev?: boolean;
  target?: string | string[];
  /**
   * Also keep finished builds in this directory, so other processes (and
   * other test modules) reuse them while their inputs are unchanged. Builds
   * are always reused within one module instance.
   */
  cacheDir?: string;
}

const BOOT_ENTRY = new URL("../runtime/boot.ts", import.meta.url);

function fromFileUrl(url: string): string {
  return decodeURIComponent(new URL(url).pathname);
}

/** Read the import map of deno.json in `root` (empty if none). */
export function readImportMap(root: string): Record<string, string> {
  try {
    const json = JSON.parse(Deno.readTextFileSync(`${root}/deno.json`));
    return json.imports ?? {};
  } catch {
    return {};
  }
}

/** Map an import-map target to something esbuild can resolve. */
function rewriteTarget(target: string, root: string): string {
  if (target.startsWith("npm:")) {
    // npm:/name@1.2.3/sub or npm:name@1.2.3/sub → name/sub
    const spec = target.slice(4).replace(/^\//, "");
    const at = spec.startsWith("@") ? spec.indexOf("@", 1) : spec.indexOf("@");
    if (at === -1) return spec;
    const slash = spec.indexOf("/", at);
    return spec.slice(0, at) + (slash === -1 ? "" : spec.slice(slash));
  }
  if (target.startsWith("./") || target.startsWith("../")) {
    return `${root}/${target}`;
  }
  if (target.startsWith("file://")) return fromFileUrl(target);
  return target;
}

/** Resolve a specifier with the import map (exact, then longest prefix). */
export function applyImportMap(
  specifier: string,
  map: Record<string, string>,
  root: string,
): string | null {
  if (specifier in map) return rewriteTarget(map[specifier], root);
  let best = "";
  for (const key of Object.keys(map)) {
    if (
      key.endsWith("/") && specifier.startsWith(key) && key.length > best.length
    ) {
      best = key;
    }
  }
  if (best) {
    return rewriteTarget(map[best] + specifier.slice(best.length), root);
  }
  if (specifier.startsWith("npm:")) return rewriteTarget(specifier, root);
  return null;
}

function denoResolver(root: string): esbuild.Plugin {
  const map = readImportMap(root);
  return {
    name: "deno-import-map",
    setup(build) {
      build.onResolve({ filter: /^data:/ }, (args) => ({
        path: args.path,
        namespace: "data-url",
      }));
      build.onLoad({ filter: /.*/, namespace: "data-url" }, (args) => {
        const comma = args.path.indexOf(",");
        const meta = args.path.slice(5, comma);
        const body = args.path.slice(comma + 1);
        const contents = meta.endsWith(";base64")
          ? atob(body)
          : decodeURIComponent(body);
        return { contents, loader: "ts", resolveDir: root };
      });
      build.onResolve({ filter: /^file:\/\// }, (args) => ({
        path: fromFileUrl(args.path),
      }));
      build.onResolve({ filter: /^[^./]|^\.\/framework\// }, async (args) => {
        if (args.pluginData === "mapped") return undefined;
        const mapped = applyImportMap(args.path, map, root);
        if (mapped === null || mapped === args.path) return undefined;
        if (mapped.startsWith("/")) return { path: mapped };
        const result = await build.resolve(mapped, {
          kind: args.kind,
          resolveDir: root,
          pluginData: "mapped",
        });
        if (result.errors.length > 0) return { errors: result.errors };
        return { path: result.path, external: result.external };
      });
    },
  };
}

/** Entry name for an island file: `island-{lowercase name}`. */
export function islandEntryName(island: Island): string {
  return `island-${island.name}`;
}

/** Entry name of a plugin entrypoint. */
export function pluginEntryName(plugin: string, key: string): string {
  return `plugin-${plugin}-${key}`;
}

// esbuild runs one shared service that `stop()` ends, so builds take turns.
let queue: Promise<unknown> = Promise.resolve();

/** Build all client bundles in memory (builds in one process run one at a time). */
export function bundle(opts: BundleOptions): Promise<BundleResult> {
  const run = queue.then(() => bundleNow(opts));
  queue = run.catch(() => {});
  return run;
}

async function bundleNow(opts: BundleOptions): Promise<BundleResult> {
  const entryPoints: Record<string, string> = {
    boot: fromFileUrl(BOOT_ENTRY.href),
  };
  const islandFiles = new Map<string, string>();
  for (const island of opts.islands) {
    const name = islandEntryName(island);
    entryPoints[name] = island.url.startsWith("file://")
      ? fromFileUrl(island.url)
      : island.url;
    islandFiles.set(island.url, `${name}.js`);
  }
  for (const plugin of opts.plugins) {
    for (const [key, spec] of Object.entries(plugin.entrypoints ?? {})) {
      entryPoints[pluginEntryName(plugin.name, key)] =
        spec.startsWith("file://") ? fromFileUrl(spec) : spec;
    }
  }
  const target = opts.target ?? ["chrome99", "firefox99", "safari15"];
  const key = await buildKey({
    esbuild: esbuild.version,
    root: opts.root,
    // The import map decides what bare specifiers resolve to.
    importMap: readImportMap(opts.root),
    entryPoints,
    dev: opts.dev ?? false,
    target,
  });
  return await cachedBuild(
    key,
    opts.root,
    opts.cacheDir,
    () => esbuildNow(opts.root, entryPoints, islandFiles, target, opts.dev),
  );
}

async function esbuildNow(
  root: string,
  entryPoints: Record<string, string>,
  islandFiles: Map<string, string>,
  target: string | string[],
  dev: boolean | undefined,
): Promise<{ result: BundleResult; inputs: string[] }> {
  const outdir = "/_frsh_out";
  try {
    const result = await esbuild.build({
      entryPoints,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target,
      minify: !dev,
      write: false,
      metafile: true,
      outdir,
      entryNames: "[name]",
      chunkNames: "chunk-[hash]",
      jsx: "automatic",
      jsxImportSource: "preact",
      absWorkingDir: root,
      plugins: [denoResolver(root)],
      logLevel: "silent",
    });
    const files = new Map<string, Uint8Array>();
    for (const file of result.outputFiles) {
      files.set(file.path.slice(outdir.length + 1), file.contents);
    }
    const imports = new Map<string, string[]>();
    for (const [path, output] of Object.entries(result.metafile.outputs)) {
      const name = path.replace(/^.*_frsh_out\//, "");
      imports.set(
        name,
        output.imports.filter((i) => i.kind === "import-statement")
          .map((i) => i.path.replace(/^.*_frsh_out\//, "")),
      );
    }
    return {
      result: { files, imports, islandFiles },
      inputs: Object.keys(result.metafile.inputs),
    };
  } finally {
    await esbuild.stop();
  }
}
