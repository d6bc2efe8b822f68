/**
 * Geography: ZIP lookups and travel miles.
 *
 * @module
 */
export * from "./zip.ts";
