/**
 * The booking wizard as plain HTML forms: state ↔ form fields ↔ API bodies,
 * and per-step validation with the API's own schema.
 *
 * @module
 */
export * from "./state.ts";
export * from "./steps.ts";
export * from "./menu.ts";
export * from "./format.ts";
export * from "./load.ts";
export * from "./messages.ts";
