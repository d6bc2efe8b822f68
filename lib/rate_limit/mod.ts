/**
 * Rate limiting: `RATE_LIMITS` config, the in-memory limiter and the 429 response.
 *
 * @module
 */
export * from "./config.ts";
export * from "./limiter.ts";
export * from "./response.ts";
