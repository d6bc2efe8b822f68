/**
 * The contact form's storage: messages land in `contact_messages` through
 * `app.submit_contact_message`, with a keyed hash of the sender's IP, and
 * staff are notified through the outbox.
 *
 * @module
 */
export { contactFormValues } from "./form_values.ts";
export { hashIp } from "./ip_hash.ts";
export { type ContactMeta, submitContactMessage } from "./store.ts";
