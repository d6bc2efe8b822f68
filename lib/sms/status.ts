/**
 * Twilio's status callbacks for the SMS we send (ADR 0060): each post names
 * a message by SID and says how far it got (`sent`, `delivered`,
 * `undelivered`, …). Verified like the inbound webhook, then recorded on the
 * outbox row by `app.record_sms_delivery`, which keeps the furthest status
 * (callbacks may arrive out of order) and puts an SMS that was not delivered
 * into the booking's history for staff.
 *
 * @module
 */
import { z } from "zod";
import { type Db, privileged } from "../db/mod.ts";
import { MESSAGE_SID } from "./twilio.ts";
import type { SmsDeliveryStatus } from "./types.ts";
import {
  verifiedWebhook,
  type WebhookPost,
  type WebhookRefusal,
} from "./webhook.ts";

/** The parameters we read from a status callback (others are signed, not read). */
export const smsStatusSchema = z.object({
  MessageSid: z.string().regex(MESSAGE_SID, {
    message: "must be a Twilio message SID (SM or MM and 32 hex digits)",
  }),
  // Any status word: Twilio may add statuses, and a 422 would lose the
  // callback for good. The database ranks the ones it knows and ignores
  // the rest (app.sms_delivery_rank).
  MessageStatus: z.string().regex(/^[a-z_]{1,32}$/, {
    message: "must be a Twilio message status (lowercase letters, _)",
  }),
  ErrorCode: z.string().regex(/^\d{1,6}$/, {
    message: "must be a Twilio error code (digits)",
  }).transform(Number).optional(),
});

/** What the callback did. */
export type SmsStatusOutcome =
  | WebhookRefusal
  | {
    kind: "recorded";
    /** The status the SMS has now; null when no SMS of ours has that SID. */
    status: SmsDeliveryStatus | null;
  };

/** Handles one status callback that arrived at `now`. */
export async function handleSmsStatus(
  db: Db,
  post: WebhookPost,
  now: Date,
): Promise<SmsStatusOutcome> {
  const verified = await verifiedWebhook(post, smsStatusSchema);
  if (verified.kind !== "verified") return verified;
  const { MessageSid, MessageStatus, ErrorCode } = verified.fields;
  const [row] = await privileged(
    db,
    (tx) =>
      tx<{ status: SmsDeliveryStatus | null }[]>`
        select app.record_sms_delivery(${MessageSid}, ${MessageStatus},
          ${ErrorCode ?? null}, ${now}) as status`,
  );
  return { kind: "recorded", status: row.status };
}
