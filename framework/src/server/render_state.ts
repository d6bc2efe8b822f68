/**
 * The state of the one server render in progress. Rendering with
 * preact-render-to-string is synchronous, so a module-level "current" render
 * is safe: it is set right before renderToString and cleared right after.
 */
import type { ComponentChildren } from "preact";
import type { Island } from "./types.ts";

/** One `<StaticMarkup>` subtree, as its first render wrote it. */
export interface StaticMarkupEntry {
  /** The HTML, after every server hook (class transform, asset URLs). */
  html: string;
  /** Class strings the subtree rendered (for CSS generation). */
  classNames: readonly string[];
}

/** The `<StaticMarkup>` subtrees a server has rendered, by id. */
export type StaticMarkupCache = Map<string, StaticMarkupEntry>;

/** What one page render collects while it runs. */
export interface RenderState {
  /** Props of each hydrated island instance, in marker index order. */
  islandProps: Record<string, unknown>[];
  /** Islands the page uses (their chunks must load). */
  islands: Set<Island>;
  /** > 0 while rendering inside an island (nested islands render plainly). */
  islandDepth: number;
  /** Saved depths while rendering island slots. */
  slotDepths: number[];
  /** Children of the app's `<head>`. */
  appHead: ComponentChildren[];
  /** Children of `<Head>` components, in render order. */
  headNodes: ComponentChildren[];
  htmlAttrs: Record<string, unknown> | null;
  /** Attributes of the app's own `<head>`. */
  headAttrs: Record<string, unknown> | null;
  bodyAttrs: Record<string, unknown> | null;
  /** The CSP nonce of a `csp: true` render (added to scripts and styles). */
  nonce: string | null;
  /** Class strings seen on DOM elements (for CSS generation plugins). */
  classNames: Set<string>;
  /** Names of the `<Partial>`s rendered, in order. */
  partials: string[];
  /** `router.basePath` ("" when none) for root-relative asset URLs. */
  basePath: string;
  /**
   * The server's build id for `asset()` URLs while the render runs (null:
   * the process's). Two servers in one process may have different ids.
   */
  buildId: string | null;
  /** The server's `<StaticMarkup>` cache; null renders it every time. */
  staticMarkup: StaticMarkupCache | null;
}

let current: RenderState | null = null;

/** The render in progress, or null outside a server render. */
export function currentRender(): RenderState | null {
  return current;
}

/** A fresh, empty render state. */
export function newRenderState(): RenderState {
  return {
    islandProps: [],
    islands: new Set(),
    islandDepth: 0,
    slotDepths: [],
    appHead: [],
    headNodes: [],
    htmlAttrs: null,
    headAttrs: null,
    bodyAttrs: null,
    nonce: null,
    classNames: new Set(),
    partials: [],
    basePath: "",
    buildId: null,
    staticMarkup: null,
  };
}

/** Run `fn` with `state` as the current render (synchronously). */
export function withRenderState<T>(state: RenderState, fn: () => T): T {
  const previous = current;
  current = state;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
