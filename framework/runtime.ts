/**
 * The Fresh 1.x runtime API (`$fresh/runtime.ts`), usable on server and client.
 * @module
 */
export {
  asset,
  ASSET_CACHE_BUST_KEY,
  assetHashingHook,
  assetSrcSet,
} from "./src/runtime/asset.ts";
export { Head, type HeadProps } from "./src/runtime/head.ts";
export { HEAD_CONTEXT } from "./src/runtime/head_context.ts";

/** True in the browser, false during server rendering. */
export const IS_BROWSER = typeof document !== "undefined";

/** The path prefix of Fresh's internal routes (bundles, dev endpoints). */
export const INTERNAL_PREFIX = "/_frsh";
export {
  type ContentSecurityPolicy,
  type ContentSecurityPolicyDirectives,
  NONE,
  REPORT_SAMPLE,
  SELF,
  STRICT_DYNAMIC,
  UNSAFE_EVAL,
  UNSAFE_HASHES,
  UNSAFE_INLINE,
  useCSP,
  WASM_UNSAFE_EVAL,
} from "./src/runtime/csp.ts";
export { Partial, type PartialProps } from "./src/runtime/partial.ts";
