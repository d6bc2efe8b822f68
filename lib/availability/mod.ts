/**
 * Slot availability and event length.
 *
 * @module
 */
export * from "./types.ts";
export * from "./event_length.ts";
