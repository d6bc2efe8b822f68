/**
 * The mail interface shared by auth and booking notifications.
 *
 * @module
 */

/** One outgoing message. `html` is optional; `text` is always sent. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Anything that delivers mail: the dev mailbox or SMTP. */
export interface Mailer {
  /** Delivers one message; rejects when the transport fails. */
  send(message: MailMessage): Promise<void>;
}
