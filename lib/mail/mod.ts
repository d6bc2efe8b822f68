/**
 * Mail transports of the production path. The composition root picks one
 * ({@link productionMailer}, or the dev mailbox of `local/` in development)
 * and hands it to whatever sends mail.
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

/** Options of {@link productionMailer}. */
export interface ProductionMailerOptions {
  /** SMTP URL (`SMTP_URL`); null = no transport. */
  smtpUrl: string | null;
  /** Sender address (`SMTP_FROM`). */
  from?: string | null;
}

/**
 * The production path's mailer: SMTP when a URL is configured, else an
 * {@link UnconfiguredMailer}. The composition root chooses between this
 * and the dev mailbox of `local/` (development only).
 */
export function productionMailer(options: ProductionMailerOptions): Mailer {
  if (options.smtpUrl) {
    return new SmtpMailer({
      url: options.smtpUrl,
      from: options.from ?? undefined,
    });
  }
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
