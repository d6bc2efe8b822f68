import type { FreshContext, Handlers } from "$fresh/server.ts";
import { handleInboundSms } from "../../../lib/sms/inbound.ts";
import { answerTwilioWebhook } from "../../../lib/sms/webhook.ts";

/** An empty TwiML answer: nothing to reply (Twilio answers STOP itself). */
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * `POST /api/sms/inbound`: Twilio's inbound SMS webhook. 403 without a
 * valid `X-Twilio-Signature` (nothing written), 404 when Twilio is not
 * configured, 422 with paths for a malformed post, else 200 TwiML.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerTwilioWebhook(
      req,
      ctx,
      (post, app) => handleInboundSms(app.db, post),
      () =>
        new Response(TWIML, {
          headers: { "content-type": "text/xml; charset=utf-8" },
        }),
    );
  },
};
