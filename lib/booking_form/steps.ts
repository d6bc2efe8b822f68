/**
 * The wizard's steps and which validation issues belong to which step.
 *
 * Every step is validated with the same `POST /api/bookings` schema the API
 * uses; a step only shows the issues of its own fields and earlier ones, so
 * answers not given yet do not count as mistakes.
 *
 * @module
 */
import { zodIssues } from "../http/errors.ts";
import type { ApiIssue } from "../http/errors.ts";
import {
  bookingBodySchema,
  quoteBodySchema,
  type SchemaRules,
} from "../schemas/mod.ts";
import { bookingBodyOf, quoteBodyOf, type WizardState } from "./state.ts";
import { messageFor, type MessageLimits } from "./messages.ts";

/** The wizard's steps in order. */
export const STEPS = ["party", "address", "slot", "contact", "review"] as const;

/** One of {@link STEPS}. */
export type Step = typeof STEPS[number];

/** The heading of each step, as the progress list and `<h2>` show it. */
export const STEP_TITLES: Readonly<Record<Step, string>> = {
  party: "Party and menu",
  address: "Address",
  slot: "Date and time",
  contact: "Contact details",
  review: "Review and book",
};

/** True when `value` names a step. */
export function isStep(value: unknown): value is Step {
  return typeof value === "string" &&
    (STEPS as readonly string[]).includes(value);
}

/** The step after `step` (review stays review). */
export function nextStep(step: Step): Step {
  return STEPS[Math.min(STEPS.indexOf(step) + 1, STEPS.length - 1)];
}

/** The step a body path belongs to ("customer.email" → contact; "" → review). */
export function stepOfPath(path: string): Step {
  const head = path.split(".")[0];
  switch (head) {
    case "adults":
    case "children":
    case "under6":
    case "proteins":
    case "extraProteins":
    case "addons":
    case "gratuityPercent":
      return "party";
    case "zip":
    case "address":
      return "address";
    case "location":
    case "date":
    case "time":
    case "holdId":
    case "holdExpiresAt":
    case "holdSlot":
    case "slot":
      return "slot";
    case "customer":
    case "notes":
    case "paymentMethod":
    case "smsOptIn":
      return "contact";
    default:
      return "review";
  }
}

/** The issues of `state` that belong to `step` or an earlier step. */
export function issuesUpTo(
  state: WizardState,
  step: Step,
  rules?: SchemaRules,
): ApiIssue[] {
  const all: ApiIssue[] = [];
  // zod runs cross-field refinements only once the whole object parses, so
  // the party rules (protein sum, party size) are checked on the quote body
  // alone; a placeholder ZIP stands in until the address step asks for one.
  const quoteBody = { ...quoteBodyOf(state), zip: state.zip || "00000" };
  const quoted = quoteBodySchema(rules).safeParse(quoteBody);
  if (!quoted.success) all.push(...zodIssues(quoted.error));
  const parsed = bookingBodySchema(rules).safeParse(bookingBodyOf(state));
  if (!parsed.success) all.push(...zodIssues(parsed.error));
  const last = STEPS.indexOf(step);
  const seen = new Set<string>();
  return all.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return STEPS.indexOf(stepOfPath(issue.path)) <= last;
  });
}

/** The first step that has an issue, or null when the state is complete. */
export function firstStepWithIssues(
  issues: readonly ApiIssue[],
): Step | null {
  let first: number | null = null;
  for (const issue of issues) {
    const i = STEPS.indexOf(stepOfPath(issue.path));
    if (first === null || i < first) first = i;
  }
  return first === null ? null : STEPS[first];
}

export { FIELD_LABELS } from "./messages.ts";

/**
 * A customer-facing message for an issue (lib/booking_form/messages.ts):
 * written for the field and the typed value, never the schema's wording.
 */
export function describeIssue(
  issue: { path: string; message: string },
  state: WizardState,
  limits?: MessageLimits,
): string {
  return messageFor(issue, state, limits);
}
