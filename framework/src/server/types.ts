/**
 * Public and internal types of the Fresh 1.x compatible runtime. The public
 * names and shapes follow Fresh 1.7 so application code can switch between
 * this runtime and real Fresh by changing only the `$fresh/` import map entry.
 */
import type { ComponentChildren, ComponentType, VNode } from "preact";

/** Connection details Deno passes to `Deno.serve` handlers. */
export type ServeHandlerInfo = {
  remoteAddr: Deno.NetAddr;
  localAddr?: Deno.NetAddr;
  completed?: Promise<void>;
};

/** Where a request is going once routing has decided. */
export type DestinationKind = "internal" | "static" | "route" | "notFound";

/** Options for `ctx.render(data, init)`; array header values are appended. */
export interface RenderResponseInit extends Omit<ResponseInit, "headers"> {
  headers?: HeadersInit | Record<string, string | string[]>;
}

/** The context handed to handlers, middleware and async route components. */
export interface FreshContext<
  State = Record<string, unknown>,
  // deno-lint-ignore no-explicit-any
  Data = any,
  NotFoundData = Data,
> {
  /** The request URL with repeated slashes collapsed. */
  url: URL;
  /** The matched route pattern. */
  route: string;
  /** @deprecated Use `route`. */
  pattern: string;
  /** Route parameters; an absent optional parameter is `""`. */
  params: Record<string, string>;
  /** Request-scoped state shared by middleware and the route. */
  state: State;
  data: Data;
  error?: unknown;
  /** In development, the source lines where `error` was thrown. */
  // deno-lint-ignore no-explicit-any
  codeFrame?: any;
  isPartial: boolean;
  basePath: string;
  config: ResolvedFreshConfig;
  remoteAddr: Deno.NetAddr;
  localAddr?: Deno.NetAddr;
  destination: DestinationKind;
  // deno-lint-ignore no-explicit-any
  Component: ComponentType<any>;
  /** Run the next middleware layer, or the route. */
  next: () => Promise<Response>;
  /** Render the matched page to an HTML response. */
  render: (data?: Data, options?: RenderResponseInit) => Promise<Response>;
  /** Render the `_404` page with status 404. */
  renderNotFound: (data?: NotFoundData) => Promise<Response>;
}

/** Props given to page, layout, app and error components. */
export type PageProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = Omit<
  FreshContext<State, Data>,
  "render" | "next" | "renderNotFound"
>;

/**
 * Context given to async route components: the whole `FreshContext`
 * (`render`, `next`, `renderNotFound`, `Component`, `codeFrame` included).
 */
export type RouteContext<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = FreshContext<State, Data>;

/** A request handler for one method (or all, if used alone). */
// deno-lint-ignore no-explicit-any
export type Handler<Data = any, State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State, Data>,
) => Response | Promise<Response>;

/** Per-method handlers. */
// deno-lint-ignore no-explicit-any
export type Handlers<Data = any, State = Record<string, unknown>> = {
  [K in KnownMethod]?: Handler<Data, State>;
};

/** HTTP methods that may have their own handler. */
export type KnownMethod =
  | "GET"
  | "HEAD"
  | "POST"
  | "PUT"
  | "DELETE"
  | "OPTIONS"
  | "PATCH";

/** @deprecated Use {@link Handlers}. */
// deno-lint-ignore no-explicit-any
export type MultiHandler<Data = any, State = Record<string, unknown>> =
  Handlers<Data, State>;

/** Handler of the `_500` route. */
export type ErrorHandler<State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State>,
) => Response | Promise<Response>;

/** Handler of the `_404` route. */
export type UnknownHandler<State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State>,
) => Response | Promise<Response>;

/** @deprecated Use {@link FreshContext}. */
// deno-lint-ignore no-explicit-any
export type AppContext<Data = any, State = Record<string, unknown>> =
  FreshContext<State, Data>;

/** @deprecated Use {@link FreshContext}. */
// deno-lint-ignore no-explicit-any
export type LayoutContext<Data = any, State = Record<string, unknown>> =
  FreshContext<State, Data>;

/** Middleware handler; same shape as a route handler. */
export type MiddlewareHandler<State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State>,
) => Response | Promise<Response>;

/** Per-route options exported as `config`. */
export interface RouteConfig {
  /** A URLPattern pathname that replaces the file-derived pattern. */
  routeOverride?: string;
  csp?: boolean;
  skipAppWrapper?: boolean;
  skipInheritedLayouts?: boolean;
}

/** Options a layout may export as `config`. */
export interface LayoutConfig {
  skipAppWrapper?: boolean;
  skipInheritedLayouts?: boolean;
}

/** A route module as found in the manifest. */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<PageProps<any, any>> | AsyncRoute<any, any>;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, any> | Handlers<any, any>;
  config?: RouteConfig;
}

/** An async route, layout or app component. */
// deno-lint-ignore no-explicit-any
export type AsyncRoute<Data = any, State = any> = (
  req: Request,
  ctx: RouteContext<Data, State>,
) => Promise<ComponentChildren | Response>;

/** A `_middleware` module. */
export interface MiddlewareModule {
  // deno-lint-ignore no-explicit-any
  handler: MiddlewareHandler<any> | MiddlewareHandler<any>[];
}

/** Props of `_app` (deprecated alias `AppProps`). */
// deno-lint-ignore no-explicit-any
export type AppProps<Data = any, State = Record<string, unknown>> = PageProps<
  Data,
  State
>;

/** Props of `_layout` (deprecated alias `LayoutProps`). */
// deno-lint-ignore no-explicit-any
export type LayoutProps<Data = any, State = Record<string, unknown>> =
  PageProps<Data, State>;

/** Props of `_500` (deprecated alias `ErrorPageProps`). */
export type ErrorPageProps = PageProps & { error: unknown };

/** Props of `_404` (deprecated alias `UnknownPageProps`). */
// deno-lint-ignore no-explicit-any
export type UnknownPageProps<Data = any> = PageProps<Data>;

/** The generated manifest (`fresh.gen.ts`). */
export interface Manifest {
  // deno-lint-ignore no-explicit-any
  routes: Record<string, any>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, any>;
  baseUrl: string;
}

/** Router options. */
export interface RouterOptions {
  trailingSlash?: boolean;
  ignoreFilePattern?: RegExp;
  basePath?: string;
}

/** Deno.serve options accepted under `server` (TLS `key`/`cert` included). */
export type ServerOptions =
  & Partial<Deno.ServeTcpOptions>
  & Partial<Deno.TlsCertifiedKeyPem>;

/** What the legacy `render(ctx, render)` config hook sees. */
export interface RenderContext {
  /** The render's unique id. */
  id: string;
  url: URL;
  state: Map<string, unknown>;
  route: string;
  /** `<html lang>` when the app does not render its own `<html>`. */
  lang: string;
}

/** Renders the page body; returns its HTML. */
export type InnerRenderFunction = () => string;

/** The legacy config render hook: must call `render()` exactly once. */
export type RenderFunction = (
  ctx: RenderContext,
  render: InnerRenderFunction,
) => void | Promise<void>;

/** The user-facing configuration (`fresh.config.ts`). */
export interface FreshConfig {
  // deno-lint-ignore no-explicit-any
  plugins?: Plugin<any>[];
  staticDir?: string;
  build?: {
    outDir?: string;
    target?: string | string[];
    /**
     * Not in Fresh: a directory where in-memory client builds are kept and
     * reused by other processes while every input file is unchanged (tests).
     */
    cacheDir?: string;
  };
  router?: RouterOptions;
  server?: ServerOptions;
  /** @deprecated use `server.port` */
  port?: number;
  /** @deprecated use `server.hostname` */
  hostname?: string;
  /** @deprecated legacy render hook */
  render?: RenderFunction;
  dev?: boolean;
  /** @deprecated use `server.onListen` */
  onListen?: (params: { hostname: string; port: number }) => void;
  /** @deprecated use `server.signal` */
  signal?: AbortSignal;
  /** @deprecated use `server.key` */
  key?: string;
  /** @deprecated use `server.cert` */
  cert?: string;
  /**
   * Not in Fresh: how pages boot islands. `"external"` (default, ADR 0001)
   * uses one external `boot.js` and works under `script-src 'self'`;
   * `"inline"` uses an inline module script as Fresh does (it carries the
   * CSP nonce on `csp: true` routes).
   */
  bootScript?: "external" | "inline";
  /**
   * Not in Fresh: answers a request before anything else runs (URL
   * normalisation, routing, middleware) when it returns a response; null
   * passes the request on. Synchronous, for answers already in memory: an
   * app's page-cache hits skip the per-request routing context and
   * middleware chain, the largest part of a hit's cost (ADR 0049). It
   * answers exact requests only and owns its headers and logging.
   */
  preRoute?: (req: Request) => Response | null;
}

/** @deprecated Use {@link FreshConfig}. */
export type StartOptions = FreshConfig;
/** @deprecated Use {@link FreshConfig}. */
export type FreshOptions = FreshConfig;
/** The config `ServerContext.fromManifest` takes. */
export type FromManifestConfig = FreshConfig & { dev?: boolean };
/** @deprecated Use {@link FromManifestConfig}. */
export type FromManifestOptions = FromManifestConfig;

/** The parts of `deno.json` Fresh reads. */
export interface DenoConfig {
  imports?: Record<string, string>;
  importMap?: string;
  tasks?: Record<string, string>;
  lint?: { rules: { tags?: string[] }; exclude?: string[] };
  fmt?: { exclude?: string[] };
  exclude?: string[];
  compilerOptions?: { jsx?: string; jsxImportSource?: string };
}

/** Configuration after defaults are applied. */
export interface ResolvedFreshConfig {
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[];
  staticDir: string;
  build: { outDir: string; target: string | string[]; cacheDir?: string };
  router?: RouterOptions;
  basePath: string;
  server: ServerOptions;
  dev: boolean;
  /** The legacy render hook; defaults to one that just renders. */
  render: RenderFunction;
  /** See {@link FreshConfig.bootScript}. */
  bootScript: "external" | "inline";
  /** See {@link FreshConfig.preRoute}. */
  preRoute?: (req: Request) => Response | null;
}

/** Style a plugin injects into `<head>`. */
export interface PluginRenderStyleTag {
  cssText: string;
  media?: string;
  id?: string;
}

/** Link a plugin injects into `<head>`. */
export type PluginRenderLink = Record<string, string | boolean | undefined>;

/** A client script entrypoint a plugin asks to run with `state`. */
export interface PluginRenderScripts {
  entrypoint: string;
  state: unknown;
}

/** What a plugin render hook may return. */
export interface PluginRenderResult {
  styles?: PluginRenderStyleTag[];
  scripts?: PluginRenderScripts[];
  links?: PluginRenderLink[];
  htmlText?: string;
}

/** What `ctx.render()` / `ctx.renderAsync()` give a plugin hook. */
export interface PluginRenderFunctionResult {
  htmlText: string;
  requiresHydration: boolean;
  /**
   * Every class string the page rendered, in render order (an addition to
   * Fresh's result: style plugins need not re-scan `htmlText`).
   */
  classNames?: ReadonlySet<string>;
}

/** Context of a plugin's sync render hook. */
export interface PluginRenderContext {
  render: () => PluginRenderFunctionResult;
}

/** Context of a plugin's async render hook. */
export interface PluginAsyncRenderContext {
  renderAsync: () => Promise<PluginRenderFunctionResult>;
}

/** A route contributed by a plugin, behaving like `./routes{path}`. */
export interface PluginRoute {
  path: string;
  // deno-lint-ignore no-explicit-any
  component?: ComponentType<PageProps<any, any>> | AsyncRoute<any, any>;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, any> | Handlers<any, any>;
}

/** Middleware contributed by a plugin, behaving like `./routes{path}_middleware`. */
export interface PluginMiddleware<State = Record<string, unknown>> {
  path: string;
  middleware: {
    handler: MiddlewareHandler<State> | MiddlewareHandler<State>[];
  };
}

/** A plugin's sync render hook. */
export type PluginRenderFunction = (
  ctx: PluginRenderContext,
) => PluginRenderResult;

/** A plugin's async render hook. */
export type PluginAsyncRenderFunction = (
  ctx: PluginAsyncRenderContext,
) => PluginRenderResult | Promise<PluginRenderResult>;

/** Islands a plugin contributes: files under `baseLocation`. */
export interface PluginIslands {
  /** A URL (usually `import.meta.url`) the paths are relative to. */
  baseLocation: string;
  paths: string[];
}

/** A Fresh plugin. */
export interface Plugin<State = Record<string, unknown>> {
  name: string;
  /** Client entrypoints (module specifiers or `data:` URLs), served as `plugin-{name}-{key}.js`. */
  entrypoints?: Record<string, string>;
  render?: PluginRenderFunction;
  renderAsync?: PluginAsyncRenderFunction;
  configResolved?: (config: ResolvedFreshConfig) => void | Promise<void>;
  buildStart?: (config: ResolvedFreshConfig) => void | Promise<void>;
  buildEnd?: () => void | Promise<void>;
  routes?: PluginRoute[];
  middlewares?: PluginMiddleware<State>[];
  islands?: PluginIslands;
}

/** An island export known to the server. */
export interface Island {
  /** `lower(name)_lower(export)`, e.g. `counter_default`. */
  id: string;
  /** PascalCase file name, lower-cased. */
  name: string;
  /** File URL of the island module. */
  url: string;
  // deno-lint-ignore no-explicit-any
  component: ComponentType<any>;
  exportName: string;
}

/** A JSX value used by helpers; re-exported for convenience. */
export type { VNode };

/** The in-memory result of a build. */
export interface BundleResult {
  /** File name (e.g. `boot.js`, `island-counter.js`) → contents. */
  files: Map<string, Uint8Array>;
  /** File name → statically imported chunk file names (for modulepreload). */
  imports: Map<string, string[]>;
  /** Island file URL → entry file name. */
  islandFiles: Map<string, string>;
}
