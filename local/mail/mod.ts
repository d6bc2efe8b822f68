/**
 * Mail for the embedded stack: one process-wide mailbox and the mailer choice.
 *
 * @module
 */
import { Mailbox } from "./mailbox.ts";
import { SmtpMailer } from "./smtp.ts";
import type { Mailer } from "./types.ts";

export type { Mailer, MailMessage } from "./types.ts";
export { Mailbox, type MailboxEntry } from "./mailbox.ts";
export { SmtpMailer, type SmtpMailerOptions } from "./smtp.ts";

let shared: Mailbox | undefined;

/** The process-wide dev mailbox that `/_dev/mailbox` shows. */
export function devMailbox(): Mailbox {
  shared ??= new Mailbox();
  return shared;
}

/**
 * Picks the mailer: SMTP through nodemailer when `smtpUrl` (default env
 * `SMTP_URL`) is set, otherwise the dev mailbox.
 */
export function createMailer(
  options: { smtpUrl?: string; from?: string; mailbox?: Mailbox } = {},
): Mailer {
  const url = options.smtpUrl ?? readEnv("SMTP_URL");
  if (url) {
    return new SmtpMailer({ url, from: options.from ?? readEnv("SMTP_FROM") });
  }
  return options.mailbox ?? devMailbox();
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}
