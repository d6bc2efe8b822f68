/**
 * `POST /contact`: the contact form as one service call. Reads the form,
 * spends the sender's allowance only for a message we would store, stores
 * it (with a keyed hash of the IP) unless the honeypot marks it as spam, and
 * answers with an outcome the route renders — the same shape as the booking
 * service under `POST /api/bookings`, minus the JSON.
 *
 * @example
 * ```ts
 * const outcome = await submitContactForm(app.db, form, {
 *   limiter: app.limiter, ip, ipHashSecret: app.config.ipHashSecret,
 * });
 * if (outcome.kind === "unavailable") logError(outcome.error, …);
 * ```
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { log } from "../observability/log.ts";
import type { RateLimiter } from "../rate_limit/limiter.ts";
import {
  type ContactFormValues,
  type ContactMessage,
  parseContactForm,
} from "./form.ts";
import { contactFormValues } from "./form_values.ts";
import { hashIp } from "./ip_hash.ts";
import { submitContactMessage } from "./store.ts";

/** Messages per field, keyed by the form's field names. */
export type ContactErrors = Partial<Record<keyof ContactMessage, string>>;

/**
 * What became of a contact form post:
 * - `invalid`: show the form again with `values` and `errors` (422);
 * - `limited`: too many messages from this sender; retry later (429);
 * - `sent`: thanked (`stored` false when the honeypot caught a bot);
 * - `unavailable`: storing failed; show the form again with what they wrote
 *   (503) and log `error`.
 */
export type ContactOutcome =
  | { kind: "invalid"; values: ContactFormValues; errors: ContactErrors }
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "sent"; name: string; stored: boolean }
  | { kind: "unavailable"; values: ContactFormValues; error: unknown };

/** The parts {@link submitContactForm} needs. */
export interface ContactSubmitOptions {
  limiter: RateLimiter;
  /** The sender's client IP: the allowance key, stored only hashed. */
  ip: string;
  /** `IP_HASH_SECRET` (null: the development key). */
  ipHashSecret: string | null;
  /** For the log line of a stored message. */
  requestId?: string;
}

/** Rate-limit bucket of contact messages. */
export const CONTACT_BUCKET = "contact";

/** Reads, limits and stores one contact form post. Never throws for the visitor's input. */
export async function submitContactForm(
  db: Db,
  form: FormData,
  opts: ContactSubmitOptions,
): Promise<ContactOutcome> {
  const result = parseContactForm(form);
  if (!result.ok) {
    return { kind: "invalid", values: result.values, errors: result.errors };
  }
  // Only messages we would store spend the allowance, so a visitor fixing
  // typos is never locked out; invalid posts cost no database work.
  const decision = opts.limiter.check(CONTACT_BUCKET, opts.ip);
  if (!decision.allowed) {
    return {
      kind: "limited",
      retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterSeconds)),
    };
  }
  const message = result.message;
  if (result.spam) return { kind: "sent", name: message.name, stored: false };
  try {
    await submitContactMessage(db, message, {
      ipHash: await hashIp(opts.ip, opts.ipHashSecret),
    });
  } catch (error) {
    // Keep what they wrote: the visitor can simply send it again.
    return { kind: "unavailable", values: contactFormValues(message), error };
  }
  log("info", {
    msg: "contact message stored",
    request_id: opts.requestId,
    guests: message.guests,
    has_event_date: message.eventDate !== undefined,
  });
  return { kind: "sent", name: message.name, stored: true };
}
