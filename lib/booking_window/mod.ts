/**
 * Calendar dates, time zones, the booking window and lifecycle deadlines.
 *
 * @module
 */
export * from "./dates.ts";
export * from "./zone.ts";
export * from "./window.ts";
export * from "./policy.ts";
