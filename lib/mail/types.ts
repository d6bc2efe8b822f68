/**
 * The mail interface shared by auth mail and booking notifications. Production
 * code depends on this only; the transports (SMTP here, the dev mailbox in
 * `local/mail`) implement it.
 *
 * @module
 */

/** A file attached to a message, e.g. an `.ics` calendar event. */
export interface MailAttachment {
  filename: string;
  /** The file's text (calendar files and similar text formats). */
  content: string;
  /** MIME type, e.g. `text/calendar; charset=utf-8; method=PUBLISH`. */
  contentType: string;
}

/** One outgoing message. `html` is optional; `text` is always sent. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

/** Anything that delivers mail: SMTP, the dev mailbox, a test double. */
export interface Mailer {
  /** Delivers one message; rejects when the transport fails. */
  send(message: MailMessage): Promise<void>;
}
