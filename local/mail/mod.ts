/**
 * Mail for the embedded stack: one process-wide dev mailbox and the mailer
 * choice. The interface and the SMTP transport live in `lib/mail` (the
 * production path); this module only adds the dev mailbox.
 *
 * @module
 */
import { type Mailer, SmtpMailer } from "../../lib/mail/mod.ts";
import { Mailbox } from "./mailbox.ts";

export type { Mailer, MailMessage } from "../../lib/mail/mod.ts";
export { Mailbox, type MailboxEntry } from "./mailbox.ts";

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
