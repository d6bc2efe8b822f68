/**
 * Turns the manifest (plus plugin routes and middleware) into the route,
 * layout, middleware, error-page and island tables the handler uses.
 */
import type { ComponentType } from "preact";
import { pathToPattern, sortRoutePaths, toBaseRoute } from "./route_paths.ts";
import type {
  Handler,
  Handlers,
  Island,
  LayoutConfig,
  Manifest,
  MiddlewareHandler,
  MiddlewareModule,
  Plugin,
  RouteConfig,
  RouteModule,
} from "./types.ts";
import { stringToIdentifier } from "../dev/identifier.ts";

/** A page or API route. */
export interface RouteEntry {
  pattern: string;
  baseRoute: string;
  /** The manifest key, e.g. `./routes/blog/[slug].tsx`. */
  file: string;
  // deno-lint-ignore no-explicit-any
  component?: ComponentType<any>;
  // deno-lint-ignore no-explicit-any
  handler: Handler<any, any> | Handlers<any, any>;
  appWrapper: boolean;
  inheritLayouts: boolean;
  /** `config.csp`: send a Content-Security-Policy with a nonce. */
  csp: boolean;
}

/** A `_layout`. */
export interface LayoutEntry {
  baseRoute: string;
  // deno-lint-ignore no-explicit-any
  component: ComponentType<any>;
  appWrapper: boolean;
  inheritLayouts: boolean;
}

/** A `_middleware` (one module, one or more handlers). */
export interface MiddlewareEntry {
  baseRoute: string;
  // deno-lint-ignore no-explicit-any
  handlers: MiddlewareHandler<any>[];
}

/** Everything extracted from the manifest. */
export interface RouteTables {
  // deno-lint-ignore no-explicit-any
  app: ComponentType<any> | null;
  routes: RouteEntry[];
  layouts: LayoutEntry[];
  middlewares: MiddlewareEntry[];
  notFound: RouteEntry | null;
  error: RouteEntry | null;
  islands: Island[];
}

const SPECIAL = /\/(_app|_layout|_middleware|_404|_500)\.[tj]sx?$/;
const EXT = /\.[tj]sx?$/;

/** Add GET (render) and HEAD (GET without body) defaults like Fresh. */
export function withDefaultHandlers(
  // deno-lint-ignore no-explicit-any
  handler: Handler<any, any> | Handlers<any, any> | undefined,
  hasComponent: boolean,
  // deno-lint-ignore no-explicit-any
): Handler<any, any> | Handlers<any, any> {
  if (typeof handler === "function") return handler;
  const methods: Handlers = { ...(handler ?? {}) };
  if (hasComponent && methods.GET === undefined) {
    methods.GET = (_req, ctx) => ctx.render();
  }
  if (methods.GET !== undefined && methods.HEAD === undefined) {
    const get = methods.GET;
    methods.HEAD = async (req, ctx) => {
      const res = await get(req, ctx);
      await res.body?.cancel();
      return new Response(null, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    };
  }
  return methods;
}

function pluginModules(
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[],
): [string, RouteModule | MiddlewareModule][] {
  const out: [string, RouteModule | MiddlewareModule][] = [];
  const middleware = new Map<
    string,
    MiddlewareModule & { handler: MiddlewareHandler[] }
  >();
  for (const plugin of plugins) {
    for (const mw of plugin.middlewares ?? []) {
      let path = mw.path.startsWith("/") ? mw.path : `/${mw.path}`;
      if (!path.endsWith("/")) path += "/";
      const key = `./routes${path}_middleware.ts`;
      let entry = middleware.get(key);
      if (!entry) {
        entry = { handler: [] };
        middleware.set(key, entry);
        out.push([key, entry]);
      }
      const h = mw.middleware.handler;
      entry.handler.push(
        ...(Array.isArray(h) ? h : [h]) as MiddlewareHandler[],
      );
    }
  }
  for (const plugin of plugins) {
    for (const route of plugin.routes ?? []) {
      const path = route.path.startsWith("/") ? route.path : `/${route.path}`;
      const file = EXT.test(path) ? path : `${path}.tsx`;
      out.push([`./routes${file}`, {
        default: route.component as RouteModule["default"],
        handler: route.handler,
      }]);
    }
  }
  return out;
}

function toPascalCase(text: string): string {
  return text.replace(/(^\w|-\w)/g, (s) => s.replace(/-/, "").toUpperCase());
}

/** Island file name (relative to `islands/`, no extension) → Fresh island name. */
export function islandNameFromPath(relPath: string): string {
  return toPascalCase(stringToIdentifier(relPath));
}

function islandsOf(manifest: Manifest): Island[] {
  const base = new URL("./", manifest.baseUrl).href;
  const islands: Island[] = [];
  for (const [key, mod] of Object.entries(manifest.islands)) {
    const url = new URL(key, base).href;
    let rel = url.slice(base.length);
    if (rel.startsWith("islands/")) rel = rel.slice("islands/".length);
    const name = islandNameFromPath(rel.replace(EXT, "")).toLowerCase();
    islands.push(
      ...islandsOfModule(name, url, mod as Record<string, unknown>),
    );
  }
  return islands;
}

function islandsOfModule(
  name: string,
  url: string,
  mod: Record<string, unknown>,
): Island[] {
  const islands: Island[] = [];
  for (const [exportName, value] of Object.entries(mod)) {
    if (typeof value !== "function") continue;
    islands.push({
      id: `${name}_${exportName.toLowerCase()}`,
      name,
      url,
      // deno-lint-ignore no-explicit-any
      component: value as ComponentType<any>,
      exportName,
    });
  }
  return islands;
}

/**
 * Import the islands plugins contribute (`islands: {baseLocation, paths}`);
 * each is named after its file, like an island in `islands/`.
 */
export async function loadPluginIslands(
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[],
): Promise<Island[]> {
  const islands: Island[] = [];
  for (const plugin of plugins) {
    if (!plugin.islands) continue;
    for (const path of plugin.islands.paths) {
      const url = new URL(path, plugin.islands.baseLocation).href;
      const mod = await import(url);
      const file = url.slice(url.lastIndexOf("/") + 1).replace(EXT, "");
      const name = islandNameFromPath(file).toLowerCase();
      islands.push(...islandsOfModule(name, url, mod));
    }
  }
  return islands;
}

/** Build the route tables for a manifest, plugins and plugin islands. */
export function extractRoutes(
  manifest: Manifest,
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[],
  pluginIslands: Island[] = [],
): RouteTables {
  const tables: RouteTables = {
    app: null,
    routes: [],
    layouts: [],
    middlewares: [],
    notFound: null,
    error: null,
    islands: [...islandsOf(manifest), ...pluginIslands],
  };
  const all: [string, unknown][] = [
    ...Object.entries(manifest.routes),
    ...pluginModules(plugins),
  ];
  all.sort((a, b) => sortRoutePaths(a[0], b[0]));

  for (const [file, raw] of all) {
    if (!file.startsWith("./routes/")) {
      throw new TypeError(`Page is not a child of the routes folder: ${file}`);
    }
    const mod = raw as RouteModule & MiddlewareModule & { handlers?: unknown };
    const rel = file.slice("./routes/".length).replace(EXT, "");
    const baseRoute = toBaseRoute(rel);
    const special = SPECIAL.exec(`/${file.slice("./routes".length + 1)}`)?.[1];
    const isRoot = !rel.includes("/");

    if (special === "_middleware") {
      const list = Array.isArray(mod.handler) ? mod.handler : [mod.handler];
      tables.middlewares.push({
        baseRoute,
        handlers: list as MiddlewareHandler[],
      });
      continue;
    }
    if (special === "_layout") {
      const config = (mod as { config?: LayoutConfig }).config;
      tables.layouts.push({
        baseRoute,
        component: mod.default as ComponentType,
        appWrapper: !config?.skipAppWrapper,
        inheritLayouts: !config?.skipInheritedLayouts,
      });
      continue;
    }
    if (special === "_app" && isRoot) {
      tables.app = mod.default as ComponentType;
      continue;
    }
    if ((special === "_404" || special === "_500") && isRoot) {
      const config: RouteConfig | undefined = mod.config;
      const entry: RouteEntry = {
        pattern: pathToPattern(rel),
        baseRoute: "/",
        file,
        component: mod.default as ComponentType,
        handler: mod.handler ??
          (mod.default ? (_req, ctx) => ctx.render() : undefined) as Handler,
        appWrapper: !config?.skipAppWrapper,
        inheritLayouts: !config?.skipInheritedLayouts,
        csp: Boolean(config?.csp),
      };
      if (special === "_404") tables.notFound = entry;
      else tables.error = entry;
      continue;
    }
    // Other root files starting with `_` are private; nested ones are routes.
    if (rel.startsWith("_")) continue;

    if (!mod.handler && "handlers" in mod) {
      throw new Error(
        `Found named export "handlers" in ${file} instead of "handler". Did you mean "handler"?`,
      );
    }
    const config: RouteConfig | undefined = mod.config;
    tables.routes.push({
      pattern: config?.routeOverride
        ? String(config.routeOverride)
        : pathToPattern(rel),
      baseRoute,
      file,
      component: mod.default as ComponentType | undefined,
      handler: withDefaultHandlers(mod.handler, Boolean(mod.default)),
      appWrapper: !config?.skipAppWrapper,
      inheritLayouts: !config?.skipInheritedLayouts,
      csp: Boolean(config?.csp),
    });
  }
  return tables;
}
