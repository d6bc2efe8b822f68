/**
 * Validation messages written for a person, one per field.
 *
 * The API's issues carry schema wording ("Too big: expected number to be
 * <=50"); forms never show it. {@link messageFor} turns an issue into a
 * sentence about the field, from the field and what was typed, and
 * {@link fieldOfIssue} says which visible field it belongs to (the booking
 * body's `address.zip` is the form's `zip`), so each field gets one message.
 *
 * Pure and free of zod, so the quote calculator island can use it.
 *
 * @module
 */
import type { WizardState } from "./state.ts";

/** What the messages may mention: limits of the current catalog. */
export interface MessageLimits {
  maxPartySize: number;
  proteinsPerGuest: number;
  maxGratuityPercent?: number;
}

/** Human names of the wizard's fields (error summaries, labels). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  adults: "Adults",
  children: "Children",
  under6: "Children under 6",
  proteins: "Proteins",
  gratuityPercent: "Gratuity",
  zip: "ZIP code",
  location: "Chef's base",
  "address.line1": "Street address",
  "address.line2": "Apartment, suite",
  "address.city": "City",
  "address.state": "State",
  date: "Date",
  time: "Start time",
  holdId: "Reserved time",
  "customer.name": "Name",
  "customer.email": "Email",
  "customer.phone": "Phone",
  notes: "Notes",
  paymentMethod: "Deposit payment method",
  smsOptIn: "Text messages",
};

/** The form field an issue path belongs to. */
export function fieldOfIssue(path: string): string {
  if (path === "address.zip") return "zip";
  if (path === "time" || path === "holdId" || path === "slot") return "date";
  return path;
}

function valueAt(state: WizardState, path: string): unknown {
  return path.split(".").reduce<unknown>(
    (v, key) =>
      v && typeof v === "object"
        ? (v as Record<string, unknown>)[key]
        : undefined,
    state,
  );
}

function sentence(text: string): string {
  const t = text.trim();
  return t ? t[0].toUpperCase() + t.slice(1) : t;
}

/** Total of a servings map (NaN entries count as 0). */
function servings(map: Record<string, number>): number {
  return Object.values(map).reduce(
    (a, b) => a + (Number.isFinite(b) ? b : 0),
    0,
  );
}

/**
 * The message a person sees for `issue` next to its field, worded from the
 * field and the typed value (never the schema's own wording).
 */
export function messageFor(
  issue: { path: string; message: string },
  state: WizardState,
  limits: MessageLimits = { maxPartySize: 50, proteinsPerGuest: 2 },
): string {
  const path = issue.path;
  const field = fieldOfIssue(path);
  const value = valueAt(state, path === "address.zip" ? "zip" : path);
  const empty = value === "" || value === undefined;
  const notNumber = typeof value === "number" && Number.isNaN(value);
  const head = path.split(".")[0];
  switch (head) {
    case "adults":
    case "children":
    case "under6": {
      const who = {
        adults: "adults",
        children: "children",
        under6: "children under 6",
      }[head];
      if (notNumber) return `Enter the number of ${who} as a whole number.`;
      const fed = state.adults + state.children;
      if (head === "adults" && Number.isFinite(fed) && fed < 1) {
        return "Add at least one adult or child.";
      }
      const everyone = fed + state.under6;
      if (Number.isFinite(everyone) && everyone > limits.maxPartySize) {
        return `That is ${everyone} guests; we book up to ${limits.maxPartySize} online. Call us for a bigger party.`;
      }
      if (typeof value === "number" && value > limits.maxPartySize) {
        return `We book up to ${limits.maxPartySize} guests online.`;
      }
      return `Enter the number of ${who}.`;
    }
    case "proteins": {
      if (path === "proteins") {
        const fed = state.adults + state.children;
        const needed = limits.proteinsPerGuest *
          (Number.isFinite(fed) ? fed : 0);
        const chosen = servings(state.proteins);
        return needed > 0
          ? `Choose ${needed} protein servings in total (${limits.proteinsPerGuest} per adult and child); you have chosen ${chosen}.`
          : "Add your guests first, then choose their proteins.";
      }
      if (notNumber) return "Enter the number of servings as a whole number.";
      return "Choose a protein from the menu, with a number of servings that fits your party.";
    }
    case "extraProteins":
    case "addons":
      if (notNumber) return "Enter the number of servings as a whole number.";
      return "Choose a number of servings from 0 up to the listed limit.";
    case "gratuityPercent":
      if (notNumber) return "Enter the gratuity as a whole percent.";
      return `Gratuity can be 0 to ${limits.maxGratuityPercent ?? 50} percent.`;
    case "zip":
    case "address":
      if (field === "zip") {
        if (empty) return "Enter the ZIP code of the party.";
        if (!/^\d{5}$/.test(String(value))) {
          return "Enter a 5-digit ZIP code, e.g. 94539.";
        }
        if (/outside the service area/.test(issue.message)) {
          return `ZIP ${value} is outside our service area.`;
        }
        return `We could not find ZIP ${value}; please check it.`;
      }
      if (path === "address.line1") {
        return empty
          ? "Enter the street address."
          : "Shorten the street address.";
      }
      if (path === "address.line2") return "Shorten the apartment or suite.";
      if (path === "address.city") {
        return empty ? "Enter the city." : "Shorten the city name.";
      }
      if (path === "address.state") {
        return "Enter the state as 2 letters, e.g. CA.";
      }
      break;
    case "location":
      return sentence(issue.message).replace(/\.?$/, ".");
    case "date":
    case "time":
    case "holdId":
    case "slot":
      return "Choose a date and start time.";
    case "customer":
      if (path === "customer.name") {
        return empty ? "Enter your name." : "Shorten your name.";
      }
      if (path === "customer.email") {
        return empty
          ? "Enter your email address."
          : "Enter an email address like name@example.com.";
      }
      if (path === "customer.phone") {
        if (/receive SMS/.test(issue.message)) {
          return "For text messages, enter a US mobile number or one starting with + and the country code.";
        }
        return empty
          ? "Enter a mobile phone number."
          : "Enter a phone number with 7 to 15 digits, e.g. 510 555 0100.";
      }
      break;
    case "notes":
      return "Shorten the notes for the chef.";
    case "paymentMethod":
      return "Choose how you will pay the deposit.";
    case "smsOptIn":
      return "Text messages are not available; we will email you.";
  }
  return `Check ${(FIELD_LABELS[field] ?? "this field").toLowerCase()}.`;
}

/**
 * Issues as one message per form field (the first issue of a field wins),
 * worded for people.
 */
export function messagesByField(
  issues: ReadonlyArray<{ path: string; message: string }>,
  state: WizardState,
  limits?: MessageLimits,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOfIssue(issue.path);
    out[field] ??= messageFor(issue, state, limits);
  }
  return out;
}
