/**
 * SMS in development without Twilio keys: each message lands in the dev
 * mailbox (`/_dev/mailbox?to=+1…`) addressed to the phone number, so the
 * whole SMS path (opt-in, outbox, STOP) can be followed locally. The
 * composition root uses it only in development (ADR 0036).
 *
 * @module
 */
import type { SmsMessage, SmsReceipt, SmsSender } from "../../lib/sms/types.ts";
import type { Mailbox } from "../mail/mailbox.ts";

/** Subject prefix of SMS entries in the dev mailbox. */
export const DEV_SMS_SUBJECT = "SMS";

/** The dev SMS stand-in over the dev mailbox. */
export class DevSms implements SmsSender {
  readonly #mailbox: Mailbox;

  /** @param mailbox the dev mailbox the messages land in */
  constructor(mailbox: Mailbox) {
    this.#mailbox = mailbox;
  }

  /** Files the SMS in the dev mailbox under its phone number (no delivery status follows). */
  async send(message: SmsMessage): Promise<SmsReceipt> {
    await this.#mailbox.send({
      to: message.to,
      subject: `${DEV_SMS_SUBJECT}: ${message.body.slice(0, 60)}`,
      text: message.body,
    });
    return { sid: null, status: null };
  }
}
