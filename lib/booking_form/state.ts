/**
 * The booking wizard's state as plain HTML form fields.
 *
 * Field names are the dotted paths of the `POST /api/bookings` body
 * ("customer.email", "proteins.salmon"), so a validation issue's path is also
 * the name (and, via {@link fieldId}, the id) of the input it belongs to. The
 * no-JavaScript wizard carries the whole state from step to step in hidden
 * fields with these names.
 *
 * @module
 */

import { MENU_CODE_PATTERN } from "../schemas/limits.ts";

/** Everything the wizard has collected so far. Missing answers are "" or 0. */
export interface WizardState {
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
  gratuityPercent: number;
  zip: string;
  /** Base location slug ("" until the address step picks the nearest). */
  location: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    state: string;
  };
  date: string;
  time: string;
  holdId: string;
  /** ISO instant the hold ends; only for showing the countdown. */
  holdExpiresAt: string;
  /** "date time" the hold is for, so a hold is reused only for its own slot. */
  holdSlot: string;
  customer: { name: string; email: string; phone: string };
  notes: string;
  paymentMethod: string;
  /** The SMS opt-in checkbox of the contact step (ADR 0036). */
  smsOptIn: boolean;
}

/** Servings maps a form may carry, each as `<map>.<code>` fields. */
export const SERVING_MAPS = ["proteins", "extraProteins", "addons"] as const;

/** One of {@link SERVING_MAPS}. */
export type ServingMap = typeof SERVING_MAPS[number];

/** A state with nothing chosen yet. */
export function emptyWizardState(): WizardState {
  return {
    adults: 0,
    children: 0,
    under6: 0,
    proteins: {},
    extraProteins: {},
    addons: {},
    gratuityPercent: 0,
    zip: "",
    location: "",
    address: { line1: "", line2: "", city: "", state: "" },
    date: "",
    time: "",
    holdId: "",
    holdExpiresAt: "",
    holdSlot: "",
    customer: { name: "", email: "", phone: "" },
    notes: "",
    paymentMethod: "",
    smsOptIn: false,
  };
}

/** Read access shared by URLSearchParams and FormData. */
export interface FieldSource {
  get(name: string): FormDataEntryValue | null;
  keys(): IterableIterator<string> | Iterable<string>;
}

/** Longest text accepted from any one field; the schemas enforce the real limits. */
const MAX_FIELD = 2000;

function text(src: FieldSource, name: string): string {
  const v = src.get(name);
  return typeof v === "string" ? v.slice(0, MAX_FIELD).trim() : "";
}

/**
 * A count typed into a form: "" is 0, anything that is not a whole number is
 * NaN so the schema reports it at this field instead of it silently becoming 0.
 */
function int(src: FieldSource, name: string): number {
  const v = text(src, name);
  if (v === "") return 0;
  return /^\d{1,6}$/.test(v) ? Number(v) : Number.NaN;
}

/** Reads the wizard state from submitted fields; unknown names are ignored. */
export function readWizardState(src: FieldSource): WizardState {
  const state = emptyWizardState();
  state.adults = int(src, "adults");
  state.children = int(src, "children");
  state.under6 = int(src, "under6");
  state.gratuityPercent = int(src, "gratuityPercent");
  for (const key of new Set(src.keys())) {
    const dot = key.indexOf(".");
    const map = key.slice(0, dot) as ServingMap;
    const code = key.slice(dot + 1);
    if (dot > 0 && SERVING_MAPS.includes(map) && MENU_CODE_PATTERN.test(code)) {
      const n = int(src, key);
      // Zero servings carry no meaning; keeping them out keeps bodies small.
      if (n !== 0) state[map][code] = n;
    }
  }
  state.zip = text(src, "zip");
  state.location = text(src, "location").toLowerCase();
  state.address = {
    line1: text(src, "address.line1"),
    line2: text(src, "address.line2"),
    city: text(src, "address.city"),
    state: text(src, "address.state").toUpperCase(),
  };
  state.date = text(src, "date");
  state.time = text(src, "time");
  state.holdId = text(src, "holdId");
  state.holdExpiresAt = text(src, "holdExpiresAt");
  state.holdSlot = text(src, "holdSlot");
  // The no-JS slot list submits one radio "YYYY-MM-DD HH:MM" for both fields.
  const slot = text(src, "slot");
  if (slot) [state.date = "", state.time = ""] = slot.split(" ");
  state.customer = {
    name: text(src, "customer.name"),
    email: text(src, "customer.email"),
    phone: text(src, "customer.phone"),
  };
  state.notes = text(src, "notes");
  state.paymentMethod = text(src, "paymentMethod");
  state.smsOptIn = text(src, "smsOptIn") === "on";
  return state;
}

/** The state as `[name, value]` pairs, for hidden fields and links; empty values are left out. */
export function wizardFields(state: WizardState): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const put = (name: string, value: string | number) => {
    const s = typeof value === "number"
      ? (Number.isFinite(value) && value !== 0 ? String(value) : "")
      : value;
    if (s !== "") out.push([name, s]);
  };
  put("adults", state.adults);
  put("children", state.children);
  put("under6", state.under6);
  for (const map of SERVING_MAPS) {
    for (const [code, n] of Object.entries(state[map])) {
      put(`${map}.${code}`, n);
    }
  }
  put("gratuityPercent", state.gratuityPercent);
  put("zip", state.zip);
  put("location", state.location);
  put("address.line1", state.address.line1);
  put("address.line2", state.address.line2);
  put("address.city", state.address.city);
  put("address.state", state.address.state);
  put("date", state.date);
  put("time", state.time);
  put("holdId", state.holdId);
  put("holdExpiresAt", state.holdExpiresAt);
  put("holdSlot", state.holdSlot);
  put("customer.name", state.customer.name);
  put("customer.email", state.customer.email);
  put("customer.phone", state.customer.phone);
  put("notes", state.notes);
  put("paymentMethod", state.paymentMethod);
  if (state.smsOptIn) put("smsOptIn", "on");
  return out;
}

/** The `POST /api/quote` body of the state (the server prices it). */
export function quoteBodyOf(state: WizardState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    adults: state.adults,
    children: state.children,
    under6: state.under6,
    proteins: state.proteins,
    zip: state.zip,
    gratuityPercent: state.gratuityPercent,
  };
  if (Object.keys(state.extraProteins).length) {
    body.extraProteins = state.extraProteins;
  }
  if (Object.keys(state.addons).length) body.addons = state.addons;
  if (state.location) body.location = state.location;
  return body;
}

/** The `POST /api/bookings` body of the state; optional fields left out when empty. */
export function bookingBodyOf(state: WizardState): Record<string, unknown> {
  const address: Record<string, string> = {
    line1: state.address.line1,
    city: state.address.city,
    state: state.address.state,
    zip: state.zip,
  };
  if (state.address.line2) address.line2 = state.address.line2;
  const body: Record<string, unknown> = {
    ...quoteBodyOf(state),
    date: state.date,
    time: state.time,
    customer: { ...state.customer },
    address,
    paymentMethod: state.paymentMethod,
  };
  if (state.holdId) body.holdId = state.holdId;
  if (state.notes) body.notes = state.notes;
  if (state.smsOptIn) body.smsOptIn = true;
  return body;
}

/** The DOM id of the input named `name` ("customer.email" → "f-customer-email"). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_]+/g, "-")}`;
}
