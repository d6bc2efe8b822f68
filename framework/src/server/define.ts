/**
 * `define*` helpers and `defineConfig`. Route/layout/app definitions are
 * made async so the renderer treats them as async components (Fresh checks
 * `fn.constructor.name === "AsyncFunction"`).
 */
import type { ComponentChildren } from "preact";
import type { FreshConfig, FreshContext, RouteContext } from "./types.ts";

type RouteFn<T, S> = (
  req: Request,
  ctx: RouteContext<T, S>,
) => ComponentChildren | Response | Promise<ComponentChildren | Response>;

type LayoutFn<T, S> = (
  req: Request,
  ctx: FreshContext<S, T>,
) => ComponentChildren | Response | Promise<ComponentChildren | Response>;

function toAsync<F extends (...args: never[]) => unknown>(fn: F) {
  if (fn.constructor.name === "AsyncFunction") return fn;
  return async (...args: Parameters<F>) => await fn(...args);
}

/** Identity for `fresh.config.ts`. */
export function defineConfig(config: FreshConfig): FreshConfig {
  return config;
}

/** An async component as produced by the `define*` helpers. */
export type DefinedComponent<C> = (
  req: Request,
  ctx: C,
) => Promise<ComponentChildren | Response>;

/** Define an async route component. */
export function defineRoute<T, S = Record<string, unknown>>(
  fn: RouteFn<T, S>,
): DefinedComponent<RouteContext<T, S>> {
  return toAsync(fn) as DefinedComponent<RouteContext<T, S>>;
}

/** Define an async layout component (receives `ctx.Component`). */
export function defineLayout<T, S = Record<string, unknown>>(
  fn: LayoutFn<T, S>,
): DefinedComponent<FreshContext<S, T>> {
  return toAsync(fn) as DefinedComponent<FreshContext<S, T>>;
}

/** Define an async `_app` component (receives `ctx.Component`). */
export function defineApp<T, S = Record<string, unknown>>(
  fn: LayoutFn<T, S>,
): DefinedComponent<FreshContext<S, T>> {
  return toAsync(fn) as DefinedComponent<FreshContext<S, T>>;
}
