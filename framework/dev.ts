/**
 * `$fresh/dev.ts`: regenerate `fresh.gen.ts` when the route or island lists
 * changed, then either serve in dev mode or (arg `build`) write the AOT
 * client bundle to `_fresh/`.
 * @module
 */
import { collect, writeManifest } from "./src/dev/manifest.ts";
import { dirOfUrl, resolveConfig } from "./src/server/config.ts";
import type { FreshConfig, Manifest } from "./src/server/types.ts";
import { extractRoutes, loadPluginIslands } from "./src/server/extract.ts";
import { bundle } from "./src/server/bundler.ts";
import { writeSnapshot } from "./src/server/client_build.ts";
import { initBuildId } from "./src/server/build_id.ts";
import { start } from "./src/server/boot.ts";

const PREVIOUS_ENV = "FRSH_DEV_PREVIOUS_MANIFEST";

/** Regenerate the manifest if needed; returns the project root. */
export async function updateManifest(
  base: string,
  config?: FreshConfig,
): Promise<string> {
  const root = dirOfUrl(base);
  const files = await collect(root, config?.router?.ignoreFilePattern);
  const key = JSON.stringify(files);
  const previous = Deno.env.get(PREVIOUS_ENV);
  if (previous !== key) {
    await writeManifest(root, files);
    Deno.env.set(PREVIOUS_ENV, key);
  }
  return root;
}

/** Write the ahead-of-time client build for a manifest into `build.outDir`. */
export async function build(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<string> {
  const root = dirOfUrl(manifest.baseUrl);
  const resolved = resolveConfig(config, root, false);
  for (const plugin of resolved.plugins) {
    await plugin.configResolved?.(resolved);
  }
  for (const plugin of resolved.plugins) await plugin.buildStart?.(resolved);
  const tables = extractRoutes(
    manifest,
    resolved.plugins,
    await loadPluginIslands(resolved.plugins),
  );
  const buildId = await initBuildId();
  const result = await bundle({
    root,
    islands: tables.islands,
    plugins: resolved.plugins,
    target: resolved.build.target,
  });
  await writeSnapshot(resolved.build.outDir, buildId, result);
  for (const plugin of resolved.plugins) await plugin.buildEnd?.();
  return resolved.build.outDir;
}

/**
 * Fresh's `dev(import.meta.url, "./main.ts", config)`. Without `config`
 * (legacy form) it imports the entry file after updating the manifest.
 */
export async function dev(
  base: string,
  entrypoint: string,
  config?: FreshConfig,
): Promise<void> {
  const root = await updateManifest(base, config);
  const genUrl = new URL("./fresh.gen.ts", `file://${root}/`).href;
  if (!config) {
    await import(new URL(entrypoint, base).href);
    return;
  }
  const manifest = (await import(genUrl)).default as Manifest;
  if (Deno.args.includes("build")) {
    const outDir = await build(manifest, config);
    console.log(`Wrote the client build to ${outDir}`);
    return;
  }
  // An explicit `dev: false` (the app's production profile) is kept: no
  // error overlay or code frames there even when started through dev().
  await start(manifest, { ...config, dev: config.dev ?? true });
}

export default dev;
