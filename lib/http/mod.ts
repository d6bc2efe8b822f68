/**
 * HTTP helpers for API routes: the error shape, JSON bodies, validation.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./body.ts";
export * from "./form_body.ts";
