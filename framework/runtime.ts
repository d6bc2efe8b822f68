/**
 * The Fresh 1.x runtime API (`$fresh/runtime.ts`), usable on server and client.
 * @module
 */
export { asset, assetSrcSet } from "./src/runtime/asset.ts";
export { Head, type HeadProps } from "./src/runtime/head.ts";

/** True in the browser, false during server rendering. */
export const IS_BROWSER = typeof document !== "undefined";
