/**
 * Request schemas (zod 4, strict objects) for the public API.
 *
 * @module
 */
export * from "./limits.ts";
export * from "./common.ts";
export * from "./quote.ts";
export * from "./booking.ts";
export * from "./holds.ts";
export * from "./availability.ts";
