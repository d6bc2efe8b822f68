/**
 * `asset()` cache busting: adds `?__frsh_c=BUILD_ID` to root-relative paths
 * so static files can be cached immutably.
 */
import type { VNode } from "preact";
import { getBuildId } from "./build_id.ts";

/** The query key that marks a cache-busted asset URL. */
export const ASSET_CACHE_BUST_KEY = "__frsh_c";

/**
 * Answers by path for the current build id: a page renders the same image
 * sources on every request, and parsing each as a URL was a visible share
 * of a dynamic page's render (ADR 0044). Bounded, since paths may come from
 * data.
 */
const memo = new Map<string, string>();
let memoBuildId = "";
const MEMO_SIZE = 1024;

/** `compute()` for `key` under the current build id, memoized. */
function remember(key: string, compute: (buildId: string) => string): string {
  const id = getBuildId();
  if (memoBuildId !== id || memo.size >= MEMO_SIZE) {
    memo.clear();
    memoBuildId = id;
  }
  let out = memo.get(key);
  if (out === undefined) {
    out = compute(id);
    memo.set(key, out);
  }
  return out;
}

/** Add the build id to a root-relative path (not `//host`); idempotent. */
export function asset(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) return path;
  return remember(path, (id) => hashed(path, id));
}

function hashed(path: string, buildId: string): string {
  try {
    const url = new URL(path, "https://freshassetcache.local");
    if (
      url.protocol !== "https:" || url.host !== "freshassetcache.local" ||
      url.searchParams.has(ASSET_CACHE_BUST_KEY)
    ) {
      return path;
    }
    url.searchParams.set(ASSET_CACHE_BUST_KEY, buildId);
    return url.pathname + url.search + url.hash;
  } catch {
    return path;
  }
}

/** Apply {@link asset} to each URL of a `srcset` value. */
export function assetSrcSet(srcset: string): string {
  if (srcset.includes("(")) return srcset; // Bail if the srcset contains complicated syntax.
  // Memoized with the paths (no path starts with a space).
  return remember(` ${srcset}`, () => srcSetOf(srcset));
}

function srcSetOf(srcset: string): string {
  return srcset.split(",").map((part) => {
    const trimmed = part.trim();
    const space = trimmed.indexOf(" ");
    if (space === -1) return asset(trimmed);
    return asset(trimmed.slice(0, space)) + trimmed.slice(space);
  }).join(", ");
}

/** Rewrite `src`/`srcset` of `<img>`/`<source>` props in place (vnode hook helper). */
export function assetHashingProps(
  type: unknown,
  props: Record<string, unknown> | null,
): void {
  if (
    (type !== "img" && type !== "source") || !props ||
    props["data-fresh-disable-lock"]
  ) {
    return;
  }
  if (typeof props.src === "string") props.src = asset(props.src);
  if (typeof props.srcset === "string") {
    props.srcset = assetSrcSet(props.srcset);
  }
  if (typeof props.srcSet === "string") {
    props.srcSet = assetSrcSet(props.srcSet);
  }
}

/** Fresh's preact vnode hook: cache-bust `<img>`/`<source>` sources. */
export function assetHashingHook(
  vnode: VNode<{
    src?: string;
    srcset?: string;
    ["data-fresh-disable-lock"]?: boolean;
  }>,
): void {
  assetHashingProps(vnode.type, vnode.props as Record<string, unknown>);
}
