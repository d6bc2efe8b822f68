/**
 * Twilio's inbound SMS webhook (ADR 0036): verifies `X-Twilio-Signature`
 * with the auth token over the public URL Twilio called and the posted
 * parameters, then records STOP (opt out, pending SMS to the number given
 * up) or START (opt back in). Anything else is acknowledged and ignored.
 *
 * @module
 */
import { z } from "zod";
import { type Db, privileged } from "../db/mod.ts";
import { smsKeyword } from "./keywords.ts";
import {
  verifiedWebhook,
  type WebhookPost,
  type WebhookRefusal,
} from "./webhook.ts";

/** The parameters we read from Twilio's form post (others are signed, not read). */
export const inboundSmsSchema = z.object({
  From: z.string().regex(/^\+[1-9]\d{6,14}$/, {
    message: "must be an E.164 number",
  }),
  Body: z.string().max(1600),
  MessageSid: z.string().max(64).optional(),
});

/** What the webhook did. */
export type InboundOutcome =
  | WebhookRefusal
  | { kind: "recorded"; action: "opt_out" | "opt_in" | null };

/** Handles one inbound post. */
export async function handleInboundSms(
  db: Db,
  post: WebhookPost,
): Promise<InboundOutcome> {
  const verified = await verifiedWebhook(post, inboundSmsSchema);
  if (verified.kind !== "verified") return verified;
  const { From, Body, MessageSid } = verified.fields;
  const action = smsKeyword(Body);
  if (action) {
    await privileged(
      db,
      (tx) =>
        tx`select app.record_sms_keyword(${From},
        ${action === "opt_out"}, ${MessageSid ?? null})`,
    );
  }
  return { kind: "recorded", action };
}
