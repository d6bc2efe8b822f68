/**
 * The contact form: its rules (`form.ts`: limits, schema, honeypot) and its
 * service (`submit.ts`: parse, limit, store → a {@link ContactOutcome}).
 * Messages land in `contact_messages` through `app.submit_contact_message`,
 * with a keyed hash of the sender's IP, and staff are notified through the
 * outbox.
 *
 * @module
 */
export {
  CONTACT_LIMITS,
  type ContactFormValues,
  type ContactMessage,
  contactMessageSchema,
  type ContactParseResult,
  parseContactForm,
} from "./form.ts";
export { contactFormValues } from "./form_values.ts";
export { hashIp } from "./ip_hash.ts";
export { type ContactMeta, submitContactMessage } from "./store.ts";
export {
  CONTACT_BUCKET,
  type ContactErrors,
  type ContactOutcome,
  type ContactSubmitOptions,
  submitContactForm,
} from "./submit.ts";
