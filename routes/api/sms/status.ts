import type { FreshContext, Handlers } from "$fresh/server.ts";
import { handleSmsStatus } from "../../../lib/sms/status.ts";
import { answerTwilioWebhook } from "../../../lib/sms/webhook.ts";

/**
 * `POST /api/sms/status`: Twilio's status callback for the SMS we send
 * (ADR 0060). 403 without a valid `X-Twilio-Signature` (nothing written),
 * 404 when Twilio is not configured, 422 with paths for a malformed post,
 * else 204 (also for a SID that is not ours: nothing to retry).
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerTwilioWebhook(
      req,
      ctx,
      (post, app) => handleSmsStatus(app.db, post, app.clock()),
      () => new Response(null, { status: 204 }),
    );
  },
};
