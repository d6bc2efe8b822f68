/**
 * Renders a page: resolves async app/layout/route components, renders the
 * tree with preact-render-to-string inside plugin render hooks, serializes
 * island props and builds the HTML response.
 */
import {
  type ComponentChildren,
  type ComponentType,
  h,
  type VNode,
} from "preact";
import { renderToString } from "preact-render-to-string";
import {
  newRenderState,
  type RenderState,
  type StaticMarkupCache,
  withRenderState,
} from "./render_state.ts";
import { HEAD_CONTEXT } from "../runtime/head_context.ts";
import { getBuildId, setBuildId } from "../runtime/build_id.ts";
import {
  type ContentSecurityPolicy,
  CSP_SLOT,
  serializeCSP,
} from "../runtime/csp.ts";
import { serialize } from "./serializer.ts";
import { htmlEscapeJsonString } from "./htmlescape.ts";
import { encodeDocument, escapeHtml } from "./document.ts";
import { errorOverlayHtml, overlayError } from "./error_overlay.ts";
import type {
  Island,
  Plugin,
  PluginRenderFunctionResult,
  PluginRenderLink,
  PluginRenderScripts,
  PluginRenderStyleTag,
  RenderContext,
  RenderFunction,
  RenderResponseInit,
} from "./types.ts";

/** True for functions declared `async` (Fresh's own test). */
export function isAsyncComponent(fn: unknown): boolean {
  return typeof fn === "function" && fn.constructor.name === "AsyncFunction";
}

/** One component of the app → layouts → page chain. */
export interface ChainEntry {
  // deno-lint-ignore no-explicit-any
  component: ComponentType<any> | ((req: Request, ctx: any) => unknown);
  /** The page itself (its `ctx.Component` renders nothing). */
  isRoute: boolean;
}

/** Client files a page with islands needs, resolved by the bundler. */
export interface ClientFiles {
  /** URL of the boot module. */
  bootUrl: string;
  /** URL of the chunk exporting an island. */
  islandUrl(island: Island): string;
  /** URL of a plugin entrypoint chunk. */
  pluginUrl(pluginName: string, entrypoint: string): string;
  /** Module URLs to preload for the given entry URLs (deps included). */
  preloadsFor(urls: string[]): string[];
}

/** Everything a page render needs from the server. */
export interface RenderEnv {
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[];
  /** Resolves client files; only called when the page needs JS. */
  clientFiles: () => Promise<ClientFiles>;
  /** The legacy config `render(ctx, render)` hook. */
  renderHook?: RenderFunction;
  /** Boot islands with an inline module instead of the external boot tag. */
  inlineBoot?: boolean;
  /** Development profile (clearer client-side errors). */
  dev?: boolean;
  /** `router.basePath` ("" when none). */
  basePath?: string;
  /** This server's build id (none: the process's). */
  buildId?: string;
  /** This server's `<StaticMarkup>` cache (none: rendered every time). */
  staticMarkup?: StaticMarkupCache;
}

/** Inputs of one page render. */
export interface RenderRequest {
  req: Request;
  /** Props shared by all components (PageProps without `Component`). */
  props: Record<string, unknown>;
  /**
   * Context functions async components get on top of `props`
   * (`render`, `next`, `renderNotFound`), as handlers do.
   */
  ctxExtras?: Record<string, unknown>;
  chain: ChainEntry[];
  init?: RenderResponseInit;
  defaultStatus: number;
  /** The route asked for a Content-Security-Policy (`config.csp`). */
  csp?: boolean;
  /** A partial request (`?fresh-partial`): answer with the partials only. */
  partial?: boolean;
}

const PARTIAL_COMMENT = /<!--(\/?)frsh-partial:[^>]*?-->/g;

/**
 * The top-level `<Partial>` regions of a rendered body, markers included
 * (nested partials stay inside their parent). Markers only ever come from
 * the renderer: text and attribute values have `<` escaped.
 */
export function extractPartials(body: string): string {
  let depth = 0;
  let from = -1;
  let out = "";
  for (const m of body.matchAll(PARTIAL_COMMENT)) {
    if (m[1] === "") {
      if (depth++ === 0) from = m.index;
    } else if (depth > 0 && --depth === 0) {
      out += body.slice(from, m.index + m[0].length);
    }
  }
  return out;
}

function contextWith(
  props: Record<string, unknown>,
  component: ComponentType | undefined,
) {
  return component ? { ...props, Component: component } : { ...props };
}

/**
 * Call async components top-down so each sees the next level as
 * `Component`; returns the root vnode, or a Response one of them returned.
 */
async function resolveChain(
  req: Request,
  props: Record<string, unknown>,
  extras: Record<string, unknown>,
  chain: ChainEntry[],
): Promise<VNode | ComponentChildren | Response> {
  const nodes: ComponentChildren[] = new Array(chain.length).fill(null);
  // An arrow function: no prototype object made per request (renderers ask
  // every component type for `prototype.render`).
  const nextOf = (i: number): ComponentType => {
    const Component = () => i < chain.length ? (nodes[i] as VNode) : null;
    return Component;
  };
  for (let i = 0; i < chain.length; i++) {
    const { component } = chain[i];
    const Next = i + 1 < chain.length ? nextOf(i + 1) : undefined;
    if (isAsyncComponent(component)) {
      const ctx = {
        ...contextWith(props, Next ?? nextOf(chain.length)),
        ...extras,
      };
      const result =
        await (component as (r: Request, c: unknown) => Promise<unknown>)(
          req,
          ctx,
        );
      if (result instanceof Response) return result;
      nodes[i] = result as ComponentChildren;
    } else {
      nodes[i] = h(
        component as ComponentType<Record<string, unknown>>,
        contextWith(props, Next ?? nextOf(chain.length)),
      );
    }
  }
  return nodes[0];
}

/**
 * Copy `init` headers over the defaults: the first value of a name replaces
 * the default, further values are appended (several `Set-Cookie` survive,
 * whether given as a `Headers` object, an array of pairs or a record).
 */
export function mergeHeaders(
  target: Headers,
  init: RenderResponseInit["headers"] | undefined,
): void {
  if (!init) return;
  const seen = new Set<string>();
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    if (seen.has(key)) target.append(key, value);
    else {
      seen.add(key);
      target.set(key, value);
    }
  };
  if (init instanceof Headers) {
    // Iteration yields each Set-Cookie separately, other names combined.
    for (const [name, value] of init) add(name, value);
    return;
  }
  if (Array.isArray(init)) {
    for (const [name, value] of init) add(name, value);
    return;
  }
  for (const [name, value] of Object.entries(init)) {
    if (Array.isArray(value)) { for (const v of value) add(name, v); }
    else add(name, value);
  }
}

interface HookOutput {
  /** Body HTML a plugin returned in place of the rendered one. */
  htmlText?: string;
  styles: PluginRenderStyleTag[];
  links: PluginRenderLink[];
  scripts: { plugin: string; script: PluginRenderScripts }[];
}

/** Run the body render inside the plugins' sync and async render hooks. */
async function renderWithPlugins(
  // deno-lint-ignore no-explicit-any
  plugins: Plugin<any>[],
  renderBody: () => PluginRenderFunctionResult,
  out: HookOutput,
): Promise<PluginRenderFunctionResult> {
  const collect = (plugin: string, res: unknown) => {
    if (!res || typeof res !== "object") return;
    const r = res as {
      styles?: PluginRenderStyleTag[];
      links?: PluginRenderLink[];
      scripts?: PluginRenderScripts[];
      htmlText?: string;
    };
    // Hooks finish inside-out, so the outermost plugin's htmlText wins.
    if (typeof r.htmlText === "string") out.htmlText = r.htmlText;
    out.styles.push(...(r.styles ?? []));
    out.links.push(...(r.links ?? []));
    for (const script of r.scripts ?? []) out.scripts.push({ plugin, script });
  };
  const syncPlugins = plugins.filter((p) => p.render);
  const asyncPlugins = plugins.filter((p) => p.renderAsync);

  const runSync = (i: number): PluginRenderFunctionResult => {
    if (i === syncPlugins.length) return renderBody();
    const plugin = syncPlugins[i];
    let result: PluginRenderFunctionResult | undefined;
    const res = plugin.render!({
      render: () => {
        if (result) throw new Error(`${plugin.name}: render() called twice`);
        result = runSync(i + 1);
        return result;
      },
    });
    if (!result) {
      throw new Error(`${plugin.name}: render hook must call ctx.render()`);
    }
    collect(plugin.name, res);
    return result;
  };
  const runAsync = async (i: number): Promise<PluginRenderFunctionResult> => {
    if (i === asyncPlugins.length) return runSync(0);
    const plugin = asyncPlugins[i];
    let result: PluginRenderFunctionResult | undefined;
    const res = await plugin.renderAsync!({
      renderAsync: async () => {
        if (result) {
          throw new Error(`${plugin.name}: renderAsync() called twice`);
        }
        result = await runAsync(i + 1);
        return result;
      },
    });
    if (!result) {
      throw new Error(
        `${plugin.name}: renderAsync hook must call ctx.renderAsync()`,
      );
    }
    collect(plugin.name, res);
    return result;
  };
  return await runAsync(0);
}

/** Render `tree` to a body string while recording islands and head nodes. */
export function renderBodyToString(
  state: RenderState,
  tree: ComponentChildren,
  csp: ContentSecurityPolicy | null = null,
): string {
  return withRenderState(state, () => {
    const previous = CSP_SLOT.current;
    const processBuildId = getBuildId();
    CSP_SLOT.current = csp;
    // `asset()` reads the process's build id; during this synchronous render
    // it is this server's.
    if (state.buildId) setBuildId(state.buildId);
    try {
      return renderToString(
        h(HEAD_CONTEXT.Provider, { value: state.headNodes }, tree),
      );
    } finally {
      CSP_SLOT.current = previous;
      setBuildId(processBuildId);
    }
  });
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Render a page chain to an HTML Response (or a Response a component returned). */
export async function renderPage(
  env: RenderEnv,
  input: RenderRequest,
): Promise<Response> {
  const tree = await resolveChain(
    input.req,
    input.props,
    input.ctxExtras ?? {},
    input.chain,
  );
  if (tree instanceof Response) return tree;

  const state = newRenderState();
  state.basePath = env.basePath ?? "";
  state.staticMarkup = env.staticMarkup ?? null;
  state.buildId = env.buildId ?? null;
  const csp: ContentSecurityPolicy | null = input.csp
    ? { directives: {}, reportOnly: false }
    : null;
  if (csp) state.nonce = randomNonce();
  let body = "";
  const hooks: HookOutput = { styles: [], links: [], scripts: [] };
  const renderCtx: RenderContext = {
    id: crypto.randomUUID(),
    url: input.props.url as URL,
    route: input.props.route as string,
    state: new Map(),
    lang: "en",
  };
  const pending: Promise<void>[] = [];
  await renderWithPlugins(env.plugins, () => {
    let rendered = false;
    const inner = () => {
      if (rendered) throw new Error("render() called twice by the render hook");
      rendered = true;
      body = renderBodyToString(state, tree, csp);
      return body;
    };
    const out = env.renderHook ? env.renderHook(renderCtx, inner) : inner();
    if (out instanceof Promise) pending.push(out);
    if (!rendered) {
      throw new Error(
        "The config render hook must call render() synchronously",
      );
    }
    return {
      htmlText: body,
      requiresHydration: state.islands.size > 0,
      classNames: state.classNames,
    };
  }, hooks);

  let bodyEnd = "";
  let preloads: string[] = [];
  const hasPartials = state.partials.length > 0;
  const partialResponse = input.partial === true && hasPartials;
  if (input.partial && !hasPartials && env.dev) {
    console.warn(
      `Partial request for ${
        (input.props.url as URL).pathname
      } rendered no <Partial>: the browser falls back to a full page load.`,
    );
  }
  const uuid = crypto.randomUUID().replaceAll("-", "");
  if (state.islands.size > 0 || hooks.scripts.length > 0 || hasPartials) {
    const files = await env.clientFiles();
    const pluginStates = hooks.scripts.map(({ script }) => script.state);
    const { serialized, hasSignals } = serialize([
      state.islandProps,
      pluginStates,
    ]);
    const islandEntries = [...state.islands].map((island) => [
      island.id,
      files.islandUrl(island),
      island.exportName,
    ]);
    const pluginEntries = hooks.scripts.map(({ plugin, script }, idx) => [
      files.pluginUrl(plugin, script.entrypoint),
      idx,
    ]);
    const boot: Record<string, unknown> = {
      s: uuid,
      i: islandEntries,
      p: pluginEntries,
      g: hasSignals ? 1 : 0,
    };
    // Client navigation is loaded only by pages with partials.
    if (hasPartials) boot.n = 1;
    if (env.dev) boot.d = 1;
    const nonceAttr = state.nonce ? ` nonce="${state.nonce}"` : "";
    const bootData = escapeHtml(JSON.stringify(boot));
    const stateScript =
      `<script id="__FRSH_STATE_${uuid}" type="application/json"${nonceAttr}>${
        htmlEscapeJsonString(serialized)
      }</script>`;
    // "inline" is Fresh's way, an inline module (boot.js still reads
    // data-fresh); the default is ADR 0001's external boot tag.
    const bootScript = env.inlineBoot
      ? `<script type="module"${nonceAttr} data-fresh="${bootData}">import ${
        JSON.stringify(files.bootUrl)
      };</script>`
      : `<script type="module" src="${
        escapeHtml(files.bootUrl)
      }"${nonceAttr} data-fresh="${bootData}"></script>`;
    // A partial response carries the boot data as a data block instead of
    // the boot script: the partials runtime of the page reads it.
    bodyEnd = partialResponse
      ? `<script id="__FRSH_PARTIAL_DATA_${uuid}" type="application/json"${nonceAttr}>${
        htmlEscapeJsonString(JSON.stringify(boot))
      }</script>` + stateScript
      : stateScript + bootScript;
    preloads = files.preloadsFor([
      files.bootUrl,
      ...islandEntries.map((e) => e[1] as string),
      ...pluginEntries.map((e) => e[0] as string),
    ]);
  }

  await Promise.all(pending);
  if (hooks.htmlText !== undefined) body = hooks.htmlText;
  // The error page of the development profile gets the error overlay.
  if (env.dev && input.props.error !== undefined && !partialResponse) {
    bodyEnd += errorOverlayHtml(
      overlayError(
        input.props.error,
        input.props.codeFrame as string | undefined,
      ),
      state.nonce,
    );
  }
  if (partialResponse) body = extractPartials(body);
  const html = encodeDocument({
    nonce: state.nonce,
    state,
    lang: renderCtx.lang,
    body,
    styles: hooks.styles,
    links: hooks.links,
    preloads,
    bodyEnd,
  });
  const headers = new Headers({ "content-type": "text/html; charset=utf-8" });
  if (partialResponse) headers.set("x-fresh-uuid", uuid);
  if (csp) {
    const nonce = `'nonce-${state.nonce}'`;
    const d = csp.directives;
    d.scriptSrc = [...(d.scriptSrc ?? []), nonce];
    d.styleSrc = [...(d.styleSrc ?? []), nonce];
    headers.set(
      csp.reportOnly
        ? "content-security-policy-report-only"
        : "content-security-policy",
      serializeCSP(d),
    );
  }
  mergeHeaders(headers, input.init?.headers);
  return new Response(html, {
    status: input.init?.status ?? input.defaultStatus,
    statusText: input.init?.statusText,
    headers,
  });
}
