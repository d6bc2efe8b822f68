/**
 * SMTP delivery through nodemailer, used when `SMTP_URL` is set.
 *
 * @module
 */
import nodemailer from "nodemailer";
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
  readonly #transport: ReturnType<typeof nodemailer.createTransport>;
  readonly #from: string;

  /** Creates the transport; no connection is made until the first send. */
  constructor(options: SmtpMailerOptions) {
    this.#transport = nodemailer.createTransport(options.url);
    this.#from = options.from ?? "MyHibachi <no-reply@myhibachi.example>";
  }

  /** Sends one message; rejects with the SMTP error on failure. */
  async send(message: MailMessage): Promise<void> {
    await this.#transport.sendMail({
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
    this.#transport.close();
  }
}
