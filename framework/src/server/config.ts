/**
 * Applies Fresh's defaults to a user config.
 */
import type {
  FreshConfig,
  RenderFunction,
  ResolvedFreshConfig,
  ServerOptions,
} from "./types.ts";

/** The render hook Fresh puts in the resolved config: just render. */
const defaultRender: RenderFunction = (_ctx, render) => {
  render();
};

/**
 * Deno.serve options from the config: `server`, then the legacy top-level
 * options (`port`, `hostname`, `onListen`, `signal`, `key`, `cert`).
 */
export function serveOptions(config: FreshConfig): ServerOptions {
  const out: ServerOptions = { ...(config.server ?? {}) };
  const legacy = config as Record<string, unknown>;
  for (
    const key of [
      "port",
      "hostname",
      "onListen",
      "signal",
      "key",
      "cert",
    ] as const
  ) {
    if (out[key] === undefined && legacy[key] !== undefined) {
      (out as Record<string, unknown>)[key] = legacy[key];
    }
  }
  return out;
}

/** Directory of a file URL (`file:///a/b/fresh.gen.ts` → `/a/b`). */
export function dirOfUrl(url: string): string {
  const path = decodeURIComponent(new URL(".", url).pathname);
  return path.endsWith("/") && path.length > 1 ? path.slice(0, -1) : path;
}

/** Resolve config paths against the project root and fill in defaults. */
export function resolveConfig(
  config: FreshConfig,
  root: string,
  dev: boolean,
): ResolvedFreshConfig {
  const abs = (p: string) =>
    p.startsWith("/") ? p : `${root}/${p.replace(/^\.\//, "")}`;
  const basePath = config.router?.basePath ?? "";
  const server = serveOptions(config);
  return {
    plugins: config.plugins ?? [],
    staticDir: abs(config.staticDir ?? "static"),
    build: {
      outDir: abs(config.build?.outDir ?? "_fresh"),
      target: config.build?.target ?? ["chrome99", "firefox99", "safari15"],
      ...(config.build?.cacheDir ? { cacheDir: config.build.cacheDir } : {}),
    },
    router: config.router,
    basePath: basePath.endsWith("/") ? basePath.slice(0, -1) : basePath,
    server,
    dev: config.dev ?? dev,
    render: config.render ?? defaultRender,
    bootScript: config.bootScript ?? "external",
    ...(config.preRoute ? { preRoute: config.preRoute } : {}),
  };
}
