/**
 * Pricing: settings/menu types and the pure quote calculation.
 *
 * @module
 */
export * from "./types.ts";
export * from "./quote.ts";
export { applyBasisPoints, applyPercent, roundHalfUpDiv } from "./rounding.ts";
