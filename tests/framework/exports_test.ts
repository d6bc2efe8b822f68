/**
 * The public surface matches Fresh 1.7's: runtime constants and helpers,
 * and the server types (a type-only use of each name fails `deno check`
 * when one goes missing).
 */
import assert from "node:assert/strict";
import { h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  ASSET_CACHE_BUST_KEY,
  assetHashingHook,
  Head,
  HEAD_CONTEXT,
  INTERNAL_PREFIX,
  IS_BROWSER,
  Partial,
  type PartialProps,
} from "$fresh/runtime.ts";
import type {
  AppContext,
  DenoConfig,
  DestinationKind,
  ErrorHandler,
  FreshOptions,
  FromManifestConfig,
  FromManifestOptions,
  InnerRenderFunction,
  LayoutContext,
  MultiHandler,
  PluginAsyncRenderFunction,
  PluginIslands,
  PluginRenderFunction,
  PluginRenderFunctionResult,
  RenderFunction,
  RouterOptions,
  StartOptions,
  UnknownHandler,
} from "$fresh/server.ts";

Deno.test("runtime constants and helpers", () => {
  assert.equal(INTERNAL_PREFIX, "/_frsh");
  assert.equal(ASSET_CACHE_BUST_KEY, "__frsh_c");
  assert.equal(IS_BROWSER, false);
  const img = h("img", { src: "/a.png" }) as VNode<{ src?: string }>;
  assetHashingHook(img);
  assert.match(img.props.src!, /^\/a\.png\?__frsh_c=/);
  const locked = h("img", {
    src: "/a.png",
    "data-fresh-disable-lock": true,
  }) as VNode<{ src?: string }>;
  assetHashingHook(locked);
  assert.equal(locked.props.src, "/a.png");
});

Deno.test("Partial renders its children outside a server render", () => {
  const props: PartialProps = { name: "p", mode: "append", children: "x" };
  assert.equal(renderToString(h(Partial, props)), "x");
});

Deno.test("HEAD_CONTEXT receives <Head> children when provided", () => {
  const collected: unknown[] = [];
  renderToString(
    h(HEAD_CONTEXT.Provider, { value: collected as never }, h(Head, null, "x")),
  );
  assert.deepEqual(collected, ["x"]);
});

Deno.test("server types exist with Fresh's shapes", () => {
  const config: StartOptions & FreshOptions & FromManifestConfig = {
    router: { trailingSlash: false } satisfies RouterOptions,
    server: { key: "k", cert: "c" },
  };
  const fromManifest: FromManifestOptions = { ...config, dev: false };
  const render: RenderFunction = (_ctx, inner: InnerRenderFunction) => {
    inner();
  };
  const onError: ErrorHandler = (_req, ctx) => ctx.render();
  const onUnknown: UnknownHandler = (_req, ctx) => ctx.renderNotFound();
  const multi: MultiHandler = { GET: (_req, ctx) => ctx.render() };
  const sync: PluginRenderFunction = (ctx) => {
    const result: PluginRenderFunctionResult = ctx.render();
    return { htmlText: result.htmlText };
  };
  const asyncHook: PluginAsyncRenderFunction = async (ctx) => {
    await ctx.renderAsync();
    return {};
  };
  const islands: PluginIslands = { baseLocation: import.meta.url, paths: [] };
  const deno: DenoConfig = { imports: {} };
  const kind: DestinationKind = "route";
  const useCtx = (_a: AppContext, _l: LayoutContext) => {};
  const all = [
    fromManifest,
    render,
    onError,
    onUnknown,
    multi,
    sync,
    asyncHook,
    islands,
    deno,
    kind,
    useCtx,
  ];
  assert.equal(all.filter((x) => x !== undefined).length, 11);
});
