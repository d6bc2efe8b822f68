/**
 * Customer reviews (ADR 0035): the review request mail after a completed
 * booking (queued by a database trigger), leaving a review with its
 * single-use link, moderation by managers and admins, and the approved
 * reviews the public pages show.
 *
 * @module
 */
export * from "./schema.ts";
export * from "./customer.ts";
export * from "./moderation.ts";
export * from "./public.ts";
