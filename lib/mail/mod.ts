/**
 * The process-wide mailer registry. Production code sends through
 * {@link getMailer}; the composition root decides the transport:
 * the embedded stack (`local/plugin.ts`) registers the dev mailbox with
 * {@link setMailer}, everything else gets SMTP when `SMTP_URL` is set.
 *
 * Without either, sends fail on purpose (with a logged warning) so that the
 * notification outbox keeps its rows and retries instead of dropping mail.
 *
 * @module
 */
import { log } from "../observability/log.ts";
import { SmtpMailer } from "./smtp.ts";
import type { Mailer, MailMessage } from "./types.ts";

export type { MailAttachment, Mailer, MailMessage } from "./types.ts";
export { SmtpMailer, type SmtpMailerOptions } from "./smtp.ts";

let registered: Mailer | null = null;
let fallback: Mailer | null = null;

/** Registers the mailer {@link getMailer} returns; `null` restores the default. */
export function setMailer(mailer: Mailer | null): void {
  registered = mailer;
}

/**
 * The mailer to send with: the registered one, else SMTP when env
 * `SMTP_URL` is set (sender `SMTP_FROM`), else {@link UnconfiguredMailer}.
 */
export function getMailer(): Mailer {
  if (registered) return registered;
  fallback ??= defaultMailer(readEnv);
  return fallback;
}

/** The default choice of {@link getMailer}, from an env reader (testable). */
export function defaultMailer(
  env: (name: string) => string | undefined,
): Mailer {
  const url = env("SMTP_URL");
  if (url) return new SmtpMailer({ url, from: env("SMTP_FROM") });
  return new UnconfiguredMailer();
}

/**
 * A mailer for a deployment with no transport configured: every send logs a
 * warning and rejects, so callers (the outbox) retry later rather than
 * believing the mail went out.
 */
export class UnconfiguredMailer implements Mailer {
  /** Always rejects. */
  send(message: MailMessage): Promise<void> {
    log("warn", {
      msg: "mail: no transport configured (set SMTP_URL); not sent",
      subject: message.subject,
    });
    return Promise.reject(
      new Error("no mail transport configured (SMTP_URL unset)"),
    );
  }
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}
