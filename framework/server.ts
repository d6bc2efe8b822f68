/**
 * The Fresh 1.x server API (`$fresh/server.ts`).
 * @module
 */
export { createHandler, start } from "./src/server/boot.ts";
export { ServerContext } from "./src/server/server_context.ts";
export {
  defineApp,
  defineConfig,
  defineLayout,
  defineRoute,
} from "./src/server/define.ts";
export { STATUS_CODE } from "./src/server/status.ts";
export {
  StaticMarkup,
  type StaticMarkupProps,
} from "./src/server/static_markup.ts";
export type {
  AppContext,
  AppProps,
  AsyncRoute,
  DenoConfig,
  DestinationKind,
  ErrorHandler,
  ErrorPageProps,
  FreshConfig,
  FreshContext,
  FreshOptions,
  FromManifestConfig,
  FromManifestOptions,
  Handler,
  Handlers,
  InnerRenderFunction,
  KnownMethod,
  LayoutConfig,
  LayoutContext,
  LayoutProps,
  Manifest,
  MiddlewareHandler,
  MultiHandler,
  PageProps,
  Plugin,
  PluginAsyncRenderContext,
  PluginAsyncRenderFunction,
  PluginIslands,
  PluginMiddleware,
  PluginRenderContext,
  PluginRenderFunction,
  PluginRenderFunctionResult,
  PluginRenderLink,
  PluginRenderResult,
  PluginRenderScripts,
  PluginRenderStyleTag,
  PluginRoute,
  RenderContext,
  RenderFunction,
  RenderResponseInit,
  ResolvedFreshConfig,
  RouteConfig,
  RouteContext,
  RouterOptions,
  ServeHandlerInfo,
  ServerOptions,
  StartOptions,
  UnknownHandler,
  UnknownPageProps,
} from "./src/server/types.ts";
import type { FreshContext } from "./src/server/types.ts";

/** @deprecated Use `FreshContext`. */
export type HandlerContext<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = FreshContext<State, Data>;

/** @deprecated Use `FreshContext`. */
export type MiddlewareHandlerContext<State = Record<string, unknown>> =
  FreshContext<State>;

/** @deprecated Use `FreshContext`. */
export type UnknownHandlerContext<State = Record<string, unknown>> =
  FreshContext<State>;

/** @deprecated Use `FreshContext`. */
export type ErrorHandlerContext<State = Record<string, unknown>> = FreshContext<
  State
>;
