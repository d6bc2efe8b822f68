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
import { verifyTwilioSignature } from "./twilio.ts";

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
  | { kind: "refused"; reason: "signature" }
  | { kind: "invalid"; issues: { path: string; message: string }[] }
  | { kind: "recorded"; action: "opt_out" | "opt_in" | null };

/**
 * Handles one inbound post: `url` is the public URL Twilio was given,
 * `form` the posted fields, `signature` the header.
 */
export async function handleInboundSms(
  db: Db,
  authToken: string,
  url: string,
  form: FormData,
  signature: string | null,
): Promise<InboundOutcome> {
  const params: [string, string][] = [];
  for (const [k, v] of form.entries()) {
    if (typeof v === "string") params.push([k, v]);
  }
  if (!await verifyTwilioSignature(authToken, url, params, signature)) {
    return { kind: "refused", reason: "signature" };
  }
  const parsed = inboundSmsSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    return {
      kind: "invalid",
      issues: parsed.error.issues.map((i) => ({
        path: i.path.join("."),
        message: i.message,
      })),
    };
  }
  const action = smsKeyword(parsed.data.Body);
  if (action) {
    await privileged(
      db,
      (tx) =>
        tx`select app.record_sms_keyword(${parsed.data.From},
        ${action === "opt_out"}, ${parsed.data.MessageSid ?? null})`,
    );
  }
  return { kind: "recorded", action };
}
