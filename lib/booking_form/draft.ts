/**
 * The no-JS wizard's draft between a form post and the page it redirects to
 * (Post/Redirect/Get): every step's POST answers 303 to `GET /book?step=…`
 * and leaves the draft (answers so far, and the step's messages once) in a
 * cookie scoped to `/book`. Back, Forward and reload then only ever GET a
 * step, never re-post a form, and the draft survives a reload.
 *
 * The cookie holds only what the visitor typed themselves (the forms still
 * carry the whole state in hidden fields, and every step re-validates it),
 * so it is not secret; it is HttpOnly, SameSite=Lax and short-lived.
 *
 * @module
 */
import {
  emptyWizardState,
  readWizardState,
  wizardFields,
  type WizardState,
} from "./state.ts";
import { isStep, type Step } from "./steps.ts";

/** The cookie's name. */
export const DRAFT_COOKIE = "mh_book_draft";

/** How long a draft is kept without activity (seconds). */
export const DRAFT_MAX_AGE_S = 2 * 60 * 60;

/** Browsers keep cookies up to about 4 KB; a bigger draft is not redirected. */
export const DRAFT_MAX_BYTES = 3800;

/** A draft: the answers, and the messages of the step it was saved for. */
export interface Draft {
  step: Step;
  state: WizardState;
  errors: Record<string, string>;
  /** The month the date step shows ("YYYY-MM"), when one was picked. */
  month?: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - b64.length % 4) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The cookie value of a draft, or null when it would be too big. */
export function encodeDraft(draft: Draft): string | null {
  const json = JSON.stringify({
    s: draft.step,
    f: wizardFields(draft.state),
    e: draft.errors,
    m: draft.month,
  });
  const value = toBase64Url(new TextEncoder().encode(json));
  return value.length > DRAFT_MAX_BYTES ? null : value;
}

/** The draft in a cookie value; null for anything malformed. */
export function decodeDraft(value: string): Draft | null {
  try {
    const raw = JSON.parse(new TextDecoder().decode(fromBase64Url(value)));
    if (!raw || typeof raw !== "object" || !isStep(raw.s)) return null;
    if (!Array.isArray(raw.f)) return null;
    const fields = new URLSearchParams();
    for (const pair of raw.f) {
      if (
        Array.isArray(pair) && typeof pair[0] === "string" &&
        typeof pair[1] === "string"
      ) fields.append(pair[0], pair[1]);
    }
    const errors: Record<string, string> = {};
    if (raw.e && typeof raw.e === "object") {
      for (const [k, v] of Object.entries(raw.e)) {
        if (typeof v === "string") errors[k] = v;
      }
    }
    return {
      step: raw.s,
      state: fields.size ? readWizardState(fields) : emptyWizardState(),
      errors,
      month: typeof raw.m === "string" && /^\d{4}-\d{2}$/.test(raw.m)
        ? raw.m
        : undefined,
    };
  } catch {
    return null;
  }
}

/** The draft cookie of a request, if any. */
export function draftOf(req: Request): Draft | null {
  const header = req.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DRAFT_COOKIE) return decodeDraft(rest.join("="));
  }
  return null;
}

/** `Set-Cookie` for a draft (`null` clears it). */
export function draftCookie(value: string | null, secure: boolean): string {
  const attrs = [
    `${DRAFT_COOKIE}=${value ?? ""}`,
    "Path=/book",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${value === null ? 0 : DRAFT_MAX_AGE_S}`,
  ];
  if (secure) attrs.push("Secure");
  return attrs.join("; ");
}
