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

/** What the transport said when it took an SMS. */
export interface SmsReceipt {
  /** The provider's message id (Twilio's `SM…` SID), or null when it has none. */
  sid: string | null;
  /** The provider's first status (Twilio: `queued`, `accepted`, …), or null. */
  status: SmsDeliveryStatus | null;
}

/**
 * Twilio's message statuses an outgoing SMS can report (its status
 * callbacks and the Message resource), in `notifications.delivery_status`.
 * Twilio may add more: a callback with another status is acknowledged and
 * recorded nowhere (ADR 0060).
 */
export const SMS_DELIVERY_STATUSES = [
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "partially_delivered",
  "read",
  "undelivered",
  "failed",
  "canceled",
] as const;

/** One of {@link SMS_DELIVERY_STATUSES}. */
export type SmsDeliveryStatus = typeof SMS_DELIVERY_STATUSES[number];

/** Anything that delivers SMS. */
export interface SmsSender {
  /** Hands one SMS to the transport; rejects when the transport fails. */
  send(message: SmsMessage): Promise<SmsReceipt>;
}
