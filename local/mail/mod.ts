/**
 * Mail for the embedded stack: the dev mailbox. The interface and the SMTP
 * transport live in `lib/mail` (the production path); the composition root
 * decides which one an app sends through.
 *
 * @module
 */
export type { Mailer, MailMessage } from "../../lib/mail/mod.ts";
export { Mailbox, type MailboxEntry } from "./mailbox.ts";
