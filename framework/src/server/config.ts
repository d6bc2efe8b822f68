/**
 * Applies Fresh's defaults to a user config.
 */
import type { FreshConfig, ResolvedFreshConfig } from "./types.ts";

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
  const server: Partial<Deno.ServeTcpOptions> = { ...(config.server ?? {}) };
  if (config.port !== undefined && server.port === undefined) {
    server.port = config.port;
  }
  if (config.onListen && !server.onListen) {
    server.onListen = config.onListen as Deno.ServeTcpOptions["onListen"];
  }
  return {
    plugins: config.plugins ?? [],
    staticDir: abs(config.staticDir ?? "static"),
    build: {
      outDir: abs(config.build?.outDir ?? "_fresh"),
      target: config.build?.target ?? ["chrome99", "firefox99", "safari15"],
    },
    router: config.router,
    basePath: basePath.endsWith("/") ? basePath.slice(0, -1) : basePath,
    server,
    dev: config.dev ?? dev,
    render: config.render,
  };
}
