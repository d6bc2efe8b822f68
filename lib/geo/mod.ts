/**
 * Geography: ZIP lookups and travel miles.
 *
 * @module
 */
export * from "./zip.ts";
export * from "./service_area.ts";
