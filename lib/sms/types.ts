/**
 * The SMS port the outbox sends through (ADR 0036): Twilio's Messages API
 * in production (`twilio.ts`), the dev mailbox in development without keys
 * (`local/sms`).
 *
 * @module
 */

/** One outgoing SMS. */
export interface SmsMessage {
  /** E.164 number, e.g. `+15105550101`. */
  to: string;
  body: string;
}

/** Anything that delivers SMS. */
export interface SmsSender {
  /** Delivers one SMS; rejects when the transport fails. */
  send(message: SmsMessage): Promise<void>;
}
