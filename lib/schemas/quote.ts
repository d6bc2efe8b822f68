/**
 * `POST /api/quote` body (SPEC §5) and the guest/menu rules it shares with bookings.
 *
 * @module
 */

import { z } from "zod";
import { menuCodeIssues, proteinSumIssue } from "../pricing/quote.ts";
import {
  count,
  DEFAULT_SCHEMA_RULES,
  isoDate,
  locationRef,
  type SchemaRules,
  servingsMap,
  usZip,
} from "./common.ts";
import { QUOTE_COUNT_LIMITS } from "./limits.ts";

/** The quote fields, shared by the quote and booking bodies. */
export function quoteShape(rules: SchemaRules) {
  const guests = count(rules.maxPartySize);
  return {
    adults: guests,
    children: guests,
    under6: guests.optional(),
    proteins: servingsMap(rules.proteinsPerGuest * rules.maxPartySize),
    extraProteins: servingsMap(QUOTE_COUNT_LIMITS.extraProteinServings)
      .optional(),
    addons: servingsMap(QUOTE_COUNT_LIMITS.addonServings).optional(),
    zip: usZip,
    gratuityPercent: z.number().int().min(0).max(
      QUOTE_COUNT_LIMITS.gratuityPercent,
    ).optional(),
    /** Base location slug or id; default the nearest that serves `zip`. */
    location: locationRef.optional(),
  };
}

type QuoteFields = z.output<z.ZodObject<ReturnType<typeof quoteShape>>>;

/**
 * Adds the cross-field quote rules as issues with precise paths:
 * - `adults`: adults + children ≥ 1 and adults + children + under6 ≤ max party size;
 * - `proteins`: servings sum to proteinsPerGuest · (adults + children);
 * - `proteins.<code>`, `extraProteins.<code>`, `addons.<code>`: code on the active menu
 *   (only when `rules.menu` is set).
 */
export function checkQuoteFields(
  value: QuoteFields,
  ctx: z.RefinementCtx,
  rules: SchemaRules,
): void {
  const fed = value.adults + value.children;
  if (fed < 1) {
    ctx.addIssue({
      code: "custom",
      path: ["adults"],
      message: "at least one adult or child is required",
    });
  }
  const everyone = fed + (value.under6 ?? 0);
  if (everyone > rules.maxPartySize) {
    ctx.addIssue({
      code: "custom",
      path: ["adults"],
      message:
        `party size (adults, children and under 6 together) is at most ${rules.maxPartySize}, got ${everyone}`,
    });
  }
  // zod runs this even when a range check failed (types are right, values may not be):
  // only the rules the shape cannot express are added here, so nothing is reported twice.
  const issues = rules.menu ? menuCodeIssues(value, rules.menu) : [];
  const sum = proteinSumIssue(value, rules);
  if (sum) issues.push(sum);
  for (const issue of issues) {
    ctx.addIssue({
      code: "custom",
      path: issue.path.split("."),
      message: issue.message,
    });
  }
}

/**
 * The strict `POST /api/quote` body schema for the given rules (default: the
 * seed). `date` (optional) is the event date: prices are those in force then.
 */
export function quoteBodySchema(rules: SchemaRules = DEFAULT_SCHEMA_RULES) {
  return z.strictObject({ ...quoteShape(rules), date: isoDate.optional() })
    .superRefine((v, ctx) => checkQuoteFields(v, ctx, rules));
}

/** A validated `POST /api/quote` body. */
export type QuoteBody = z.output<ReturnType<typeof quoteBodySchema>>;
