/**
 * `ServerContext`: builds the route tables once and answers requests —
 * URL normalisation, trailing-slash redirects, internal bundle files, static
 * files, routes, folder-scoped middleware, 404/500 pages.
 */
import type { ComponentType } from "preact";
import {
  extractRoutes,
  loadPluginIslands,
  type RouteEntry,
  type RouteTables,
} from "./extract.ts";
import { isDynamicPattern, selectScoped } from "./route_paths.ts";
import {
  collectStaticFiles,
  serveStaticFile,
  type StaticFile,
} from "./static_files.ts";
import { dirOfUrl, resolveConfig } from "./config.ts";
import { getBuildId, initBuildId, setBuildId } from "./build_id.ts";
import { installServerHooks, registerIslands } from "./preact_hooks.ts";
import {
  type ChainEntry,
  type ClientFiles,
  type RenderEnv,
  renderPage,
} from "./render.ts";
import { bundle } from "./bundler.ts";
import { codeFrameFor } from "./code_frame.ts";
import {
  ERROR_OVERLAY_PATH,
  errorOverlayHtml,
  errorOverlayPage,
  overlayError,
} from "./error_overlay.ts";
import {
  type ClientBuild,
  clientFiles,
  inMemoryBuild,
  loadSnapshot,
} from "./client_build.ts";
import type {
  DestinationKind,
  FreshConfig,
  FreshContext,
  Handler,
  KnownMethod,
  Manifest,
  RenderResponseInit,
  ResolvedFreshConfig,
  ServeHandlerInfo,
} from "./types.ts";

const KNOWN_METHODS = new Set<KnownMethod>([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
]);

// The path carries the build id, so a bundle never changes under its URL.
const JS_CACHE = "public, max-age=31536000, immutable";
/** Fresh's connection info when a handler is called without one. */
const DEFAULT_CONN_INFO: Required<Omit<ServeHandlerInfo, "completed">> = {
  localAddr: { transport: "tcp", hostname: "localhost", port: 8080 },
  remoteAddr: { transport: "tcp", hostname: "localhost", port: 1234 },
};

interface CompiledRoute {
  entry: RouteEntry;
  match: (path: string) => Record<string, string> | null;
}

function compileRoute(entry: RouteEntry): CompiledRoute {
  if (!isDynamicPattern(entry.pattern)) {
    const encoded = encodeURI(entry.pattern);
    return {
      entry,
      match: (path) => (path === entry.pattern || path === encoded ? {} : null),
    };
  }
  const pattern = new URLPattern({ pathname: entry.pattern });
  return {
    entry,
    match(path) {
      const res = pattern.exec({ pathname: path });
      if (!res) return null;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.pathname.groups)) {
        if (/^\d+$/.test(key)) continue;
        if (value === undefined) params[key] = "";
        else {
          try {
            params[key] = decodeURIComponent(value);
          } catch {
            params[key] = value;
          }
        }
      }
      return params;
    },
  };
}

/** The route a literal path resolves to, and its parameters. */
interface ExactMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

/**
 * The winner for every static route's own path (and its encoded form),
 * found once by the same first-match walk a request makes, so a request for
 * such a path skips the walk past every earlier dynamic pattern (each a
 * URLPattern exec). Precedence is unchanged: the table holds whatever the
 * walk returns, including an earlier dynamic route that also matches.
 */
function exactMatches(routes: CompiledRoute[]): Map<string, ExactMatch> {
  const out = new Map<string, ExactMatch>();
  for (const { entry } of routes) {
    if (isDynamicPattern(entry.pattern)) continue;
    for (const path of [entry.pattern, encodeURI(entry.pattern)]) {
      if (out.has(path)) continue;
      for (const route of routes) {
        const params = route.match(path);
        if (params) {
          out.set(path, { route, params });
          break;
        }
      }
    }
  }
  return out;
}

/**
 * A redirect to a root-relative URL outside the base path (`Location: /`
 * from a middleware or handler) is sent under the base path instead.
 */
function redirectIntoBasePath(res: Response, basePath: string): Response {
  const location = res.headers.get("location");
  if (
    res.status < 300 || res.status >= 400 || !location ||
    !location.startsWith("/") || location.startsWith("//") ||
    location === basePath || location.startsWith(`${basePath}/`) ||
    location.startsWith(`${basePath}?`)
  ) {
    return res;
  }
  const headers = new Headers(res.headers);
  headers.set("location", location === "/" ? basePath : basePath + location);
  return new Response(res.body, {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
}

/** The built-in error page; in development with the error overlay. */
function defaultErrorPage(overlay = ""): Response {
  return new Response(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>An error occurred during route handling or page rendering.</h1>${overlay}</body></html>`,
    { status: 500, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

/** A renderable target: a route, the 404 page or the 500 page. */
interface Target {
  // deno-lint-ignore no-explicit-any
  component?: ComponentType<any>;
  baseRoute: string;
  appWrapper: boolean;
  inheritLayouts: boolean;
  csp?: boolean;
}

/** The server for one manifest + config. */
export class ServerContext {
  #tables: RouteTables;
  #routes: CompiledRoute[];
  #exact: Map<string, ExactMatch>;
  #config: ResolvedFreshConfig;
  #staticFiles: Map<string, StaticFile>;
  #buildId: string;
  #root: string;
  #build: Promise<ClientBuild> | null;
  #env: RenderEnv;
  #files: { build: ClientBuild; files: ClientFiles } | null = null;

  private constructor(
    tables: RouteTables,
    config: ResolvedFreshConfig,
    staticFiles: Map<string, StaticFile>,
    buildId: string,
    root: string,
    build: ClientBuild | null,
  ) {
    this.#tables = tables;
    this.#routes = tables.routes.map(compileRoute);
    this.#exact = exactMatches(this.#routes);
    this.#config = config;
    this.#staticFiles = staticFiles;
    this.#buildId = buildId;
    this.#root = root;
    this.#build = build ? Promise.resolve(build) : null;
    this.#env = {
      plugins: config.plugins,
      renderHook: config.render,
      inlineBoot: config.bootScript === "inline",
      dev: config.dev,
      basePath: config.basePath,
      buildId,
      staticMarkup: new Map(),
      clientFiles: async () => {
        // One helper per build (its preload walks are memoized inside).
        const build = await this.#clientBuild();
        if (this.#files?.build !== build) {
          this.#files = {
            build,
            files: clientFiles(build, this.#buildId, this.#config.basePath),
          };
        }
        return this.#files.files;
      },
    };
  }

  /** Build a server from a manifest and config (Fresh 1.x API). */
  static async fromManifest(
    manifest: Manifest,
    config: FreshConfig & { dev?: boolean },
  ): Promise<ServerContext> {
    const root = dirOfUrl(manifest.baseUrl);
    const resolved = resolveConfig(config, root, config.dev ?? false);
    for (const plugin of resolved.plugins) {
      await plugin.configResolved?.(resolved);
    }

    let build: ClientBuild | null = null;
    const snapshot = resolved.dev
      ? null
      : await loadSnapshot(resolved.build.outDir);
    if (snapshot) {
      setBuildId(snapshot.buildId);
      build = snapshot.build;
    } else if (!getBuildId()) {
      await initBuildId();
    }
    const buildId = getBuildId();

    const tables = extractRoutes(
      manifest,
      resolved.plugins,
      await loadPluginIslands(resolved.plugins),
    );
    installServerHooks();
    registerIslands(tables.islands);
    // In production the build output wins over `static/`, as in Fresh; in
    // development only `static/` is served.
    const staticFiles = await collectStaticFiles(
      resolved.dev
        ? [resolved.staticDir]
        : [`${resolved.build.outDir}/static`, resolved.staticDir],
      buildId,
      resolved.basePath,
    );
    return new ServerContext(
      tables,
      resolved,
      staticFiles,
      buildId,
      root,
      build,
    );
  }

  /** `router.basePath` ("" when none). */
  get basePath(): string {
    return this.#config.basePath;
  }

  /** The build id used for assets and bundle URLs. */
  get buildId(): string {
    return this.#buildId;
  }

  #clientBuild(): Promise<ClientBuild> {
    if (!this.#build) {
      this.#build = bundle({
        root: this.#root,
        islands: this.#tables.islands,
        plugins: this.#config.plugins,
        dev: this.#config.dev,
        target: this.#config.build.target,
        cacheDir: this.#config.build.cacheDir,
      }).then(inMemoryBuild);
      this.#build.catch(() => (this.#build = null));
    }
    return this.#build;
  }

  /** The request handler (Fresh's `ServerContext#handler()`). */
  handler(): (req: Request, info?: ServeHandlerInfo) => Promise<Response> {
    const preRoute = this.#config.preRoute;
    if (!preRoute) return (req, info) => this.#handle(req, info);
    return (req, info) => {
      const answer = preRoute(req);
      return answer ? Promise.resolve(answer) : this.#handle(req, info);
    };
  }

  #chainFor(target: Target): ChainEntry[] {
    let layouts = target.inheritLayouts
      ? selectScoped(target.baseRoute, this.#tables.layouts)
      : [];
    const newRoot = layouts.findLastIndex((l) => !l.inheritLayouts);
    if (newRoot > 0) layouts = layouts.slice(newRoot);
    const chain: ChainEntry[] = [];
    const app = this.#tables.app;
    if (app && target.appWrapper && layouts.every((l) => l.appWrapper)) {
      chain.push({ component: app, isRoute: false });
    }
    for (const layout of layouts) {
      chain.push({ component: layout.component, isRoute: false });
    }
    if (!target.component) {
      throw new Error("This page does not have a component to render.");
    }
    chain.push({ component: target.component, isRoute: true });
    return chain;
  }

  #pageProps(ctx: FreshContext, data: unknown): Record<string, unknown> {
    return {
      url: ctx.url,
      route: ctx.route,
      pattern: ctx.route,
      params: ctx.params,
      state: ctx.state,
      data,
      error: ctx.error,
      codeFrame: ctx.codeFrame,
      isPartial: ctx.isPartial,
      basePath: ctx.basePath,
      config: ctx.config,
      remoteAddr: ctx.remoteAddr,
      localAddr: ctx.localAddr,
      destination: ctx.destination,
    };
  }

  #render(
    req: Request,
    ctx: FreshContext,
    target: Target,
    data: unknown,
    init: RenderResponseInit | undefined,
    defaultStatus: number,
  ): Promise<Response> {
    return renderPage(this.#env, {
      req,
      props: this.#pageProps(ctx, data),
      ctxExtras: {
        render: ctx.render,
        next: ctx.next,
        renderNotFound: ctx.renderNotFound,
      },
      chain: this.#chainFor(target),
      csp: target.csp ?? false,
      partial: ctx.isPartial,
      init,
      defaultStatus,
    });
  }

  async #notFound(
    req: Request,
    ctx: FreshContext,
    data?: unknown,
  ): Promise<Response> {
    const page = this.#tables.notFound;
    if (!page || !page.handler) {
      return new Response("Not found.", {
        status: 404,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    const notFoundCtx = Object.create(ctx) as FreshContext;
    notFoundCtx.data = data;
    notFoundCtx.render = (d, init) =>
      this.#render(req, notFoundCtx, page, d ?? data, init, 404);
    return await (page.handler as Handler)(req, notFoundCtx);
  }

  async #error(
    req: Request,
    ctx: FreshContext,
    error: unknown,
  ): Promise<Response> {
    console.error(
      "%cAn error occurred during route handling or page rendering.",
      "color:red",
      error,
    );
    const page = this.#tables.error;
    ctx.error = error;
    const overlay = () =>
      this.#config.dev
        ? errorOverlayHtml(overlayError(error, codeFrameFor(error)))
        : "";
    if (!page || !page.handler) return defaultErrorPage(overlay());
    try {
      const errorCtx = Object.create(ctx) as FreshContext;
      errorCtx.error = error;
      if (this.#config.dev) errorCtx.codeFrame = codeFrameFor(error);
      errorCtx.render = (d, init) =>
        this.#render(req, errorCtx, page, d, init, 500);
      return await (page.handler as Handler)(req, errorCtx);
    } catch (err) {
      console.error("The _500 page failed too:", err);
      return defaultErrorPage(overlay());
    }
  }

  #dispatch(
    route: RouteEntry,
    req: Request,
    ctx: FreshContext,
  ): Response | Promise<Response> {
    const handler = route.handler;
    if (typeof handler === "function") return handler(req, ctx);
    const method = req.method.toUpperCase() as KnownMethod;
    // Only own keys naming an HTTP method count as method handlers.
    const fn = KNOWN_METHODS.has(method) && Object.hasOwn(handler, method)
      ? handler[method]
      : undefined;
    if (typeof fn !== "function") {
      return new Response(null, {
        status: 405,
        headers: {
          Accept: Object.keys(handler).filter((k) =>
            KNOWN_METHODS.has(k as KnownMethod) &&
            typeof handler[k as KnownMethod] === "function"
          ).join(", "),
        },
      });
    }
    return fn(req, ctx);
  }

  async #serveInternal(req: Request, path: string): Promise<Response> {
    if (
      this.#config.dev && path === this.#config.basePath + ERROR_OVERLAY_PATH
    ) {
      return errorOverlayPage(new URL(req.url));
    }
    const prefix = `${this.#config.basePath}/_frsh/js/${this.#buildId}/`;
    if (
      path.startsWith(prefix) && (req.method === "GET" || req.method === "HEAD")
    ) {
      const build = await this.#clientBuild();
      const contents = await build.read(path.slice(prefix.length));
      if (contents) {
        return new Response(
          req.method === "HEAD" ? null : contents as Uint8Array<ArrayBuffer>,
          {
            headers: {
              "content-type": "text/javascript; charset=utf-8",
              "cache-control": JS_CACHE,
            },
          },
        );
      }
    }
    return new Response("Not found.", { status: 404 });
  }

  async #handle(req: Request, info?: ServeHandlerInfo): Promise<Response> {
    const url = new URL(req.url);
    // Setting `pathname` re-parses the whole URL: only when it changes.
    if (url.pathname.includes("//")) {
      url.pathname = url.pathname.replace(/\/+/g, "/");
    }
    const trailingSlash = this.#config.router?.trailingSlash ?? false;
    const internal = url.pathname.startsWith(
      `${this.#config.basePath}/_frsh/`,
    );
    if (
      !trailingSlash && url.pathname.length > 1 && url.pathname.endsWith("/")
    ) {
      return new Response(null, {
        status: 307,
        headers: { location: url.pathname.slice(0, -1) + url.search },
      });
    }
    if (trailingSlash && !internal && !url.pathname.endsWith("/")) {
      const last = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
      if (!last.includes(".")) {
        // An absolute Location, as Fresh's Response.redirect gives (but
        // with mutable headers).
        const target = new URL(url);
        target.pathname += "/";
        return new Response(null, {
          status: 308,
          headers: { location: target.href },
        });
      }
    }
    const basePath = this.#config.basePath;
    // Under a base path, a URL outside it is sent into it (as Fresh does).
    if (
      basePath && url.pathname !== basePath &&
      !url.pathname.startsWith(`${basePath}/`)
    ) {
      return new Response(null, {
        status: 302,
        headers: {
          location: new URL(
            basePath + (url.pathname === "/" ? "" : url.pathname) + url.search,
            url,
          ).href,
        },
      });
    }
    const path = url.pathname;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch { /* keep the raw path */ }
    // Routes are matched without the base path.
    const inApp = basePath ? path.slice(basePath.length) || "/" : path;
    const routePath = trailingSlash && inApp.length > 1 && inApp.endsWith("/")
      ? inApp.slice(0, -1)
      : inApp;

    let destination: DestinationKind = "notFound";
    let matched: CompiledRoute | null = null;
    let params: Record<string, string> = {};
    const exact = this.#exact.get(routePath);
    if (exact) {
      matched = exact.route;
      params = { ...exact.params };
    } else {
      for (const route of this.#routes) {
        const p = route.match(routePath);
        if (p) {
          matched = route;
          params = p;
          break;
        }
      }
    }
    const staticFile = (req.method === "GET" || req.method === "HEAD")
      ? this.#staticFiles.get(decoded)
      : undefined;
    if (path.startsWith(`${basePath}/_frsh/`)) destination = "internal";
    else if (staticFile) destination = "static";
    else if (matched) destination = "route";

    const ctx = {
      url,
      route: matched?.entry.pattern ?? "",
      pattern: matched?.entry.pattern ?? "",
      params,
      state: {},
      data: undefined,
      error: undefined,
      isPartial: url.searchParams.has("fresh-partial"),
      basePath,
      config: this.#config,
      remoteAddr: (info ?? DEFAULT_CONN_INFO).remoteAddr,
      localAddr: info ? info.localAddr : DEFAULT_CONN_INFO.localAddr,
      destination,
      Component: () => null,
      next: () => Promise.resolve(new Response(null)),
      render: () => Promise.resolve(new Response(null)),
      renderNotFound: (data?: unknown) => this.#notFound(req, ctx, data),
    } as FreshContext;

    let terminal: () => Response | Promise<Response>;
    if (destination === "internal") {
      terminal = () => this.#serveInternal(req, path);
    } else if (destination === "static") {
      terminal = () => serveStaticFile(req, url, staticFile!, this.#buildId);
    } else if (destination === "route") {
      const entry = matched!.entry;
      ctx.render = (data, init) =>
        this.#render(req, ctx, entry, data, init, 200);
      terminal = () => this.#dispatch(entry, req, ctx);
    } else {
      terminal = () => this.#notFound(req, ctx);
    }

    const scope = destination === "route" ? matched!.entry.baseRoute : "/";
    const queue: (() => Response | Promise<Response>)[] = [];
    for (const mw of selectScoped(scope, this.#tables.middlewares)) {
      for (const fn of mw.handlers) queue.push(() => fn(req, ctx));
    }
    queue.push(terminal);

    ctx.next = () => {
      const step = queue.shift();
      if (!step) {
        return Promise.reject(
          new Error("ctx.next() called after the route handler"),
        );
      }
      try {
        return Promise.resolve(step());
      } catch (err) {
        // Only a synchronous NotFound throw becomes a 404, as in Fresh.
        if (err instanceof Deno.errors.NotFound) {
          return this.#notFound(req, ctx);
        }
        return Promise.reject(err);
      }
    };
    let res: Response;
    try {
      res = await ctx.next();
    } catch (err) {
      res = await this.#error(req, ctx, err);
    }
    return basePath ? redirectIntoBasePath(res, basePath) : res;
  }
}
