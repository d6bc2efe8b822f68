import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonError } from "../../../lib/http/errors.ts";
import { readFormBody } from "../../../lib/http/form_body.ts";
import { handleInboundSms } from "../../../lib/sms/inbound.ts";

/** An empty TwiML answer: nothing to reply (Twilio answers STOP itself). */
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * `POST /api/sms/inbound`: Twilio's inbound SMS webhook. 403 without a
 * valid `X-Twilio-Signature` (nothing written), 404 when Twilio is not
 * configured, 422 with paths for a malformed post, else 200 TwiML.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    const token = app.config.twilio.authToken;
    if (!token) return jsonError(404, "NOT_FOUND", "SMS is not configured.");
    const body = await readFormBody(req, 16 * 1024);
    if (!body.ok) {
      return jsonError(body.status, "MALFORMED_FORM", body.reason);
    }
    // Twilio signs the URL it was given: the public one, not the proxied.
    const url = `${app.publicUrl}${ctx.url.pathname}${ctx.url.search}`;
    const outcome = await handleInboundSms(
      app.db,
      token,
      url,
      body.form,
      req.headers.get("x-twilio-signature"),
    );
    switch (outcome.kind) {
      case "refused":
        return jsonError(403, "FORBIDDEN", "Invalid Twilio signature.");
      case "invalid":
        return jsonError(
          422,
          "VALIDATION_FAILED",
          "The webhook post has invalid fields.",
          outcome.issues,
        );
      case "recorded":
        return new Response(TWIML, {
          headers: { "content-type": "text/xml; charset=utf-8" },
        });
    }
  },
};
