/**
 * SMTP delivery through nodemailer, used when `SMTP_URL` is set.
 *
 * @module
 */
import type nodemailer from "nodemailer";
import type { Mailer, MailMessage } from "./types.ts";

/** Options for {@link SmtpMailer}. */
export interface SmtpMailerOptions {
  /** e.g. `smtp://user:pass@host:587` or `smtps://…`. */
  url: string;
  /** Sender address; defaults to `MyHibachi <no-reply@myhibachi.example>`. */
  from?: string;
}

/** A {@link Mailer} that sends through an SMTP server. */
export class SmtpMailer implements Mailer {
  readonly #url: string;
  #transport?: Promise<ReturnType<typeof nodemailer.createTransport>>;
  readonly #from: string;

  /**
   * No connection is made, and nodemailer is not even loaded, until the
   * first send: an instance that sends no mail does not pay for it.
   */
  constructor(options: SmtpMailerOptions) {
    this.#url = options.url;
    this.#from = options.from ?? "MyHibachi <no-reply@myhibachi.example>";
  }

  /** Sends one message; rejects with the SMTP error on failure. */
  async send(message: MailMessage): Promise<void> {
    this.#transport ??= import("nodemailer").then(({ default: mailer }) =>
      mailer.createTransport(this.#url)
    );
    await (await this.#transport).sendMail({
      from: this.#from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments?.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    });
  }

  /** Closes pooled connections. */
  close(): void {
    this.#transport?.then((t) => t.close());
  }
}
