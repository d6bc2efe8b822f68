import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { resendMail } from "../../../../../lib/staff/changes.ts";
import {
  actorOf,
  answerStaff,
  parseBody,
} from "../../../../../lib/staff/http.ts";
import { resendBodySchema } from "../../../../../lib/staff/schemas.ts";

/**
 * `POST /api/staff/bookings/{ref}/resend-mail` `{kind}` → 202
 * `{notificationId, kind}`: the latest customer mail of that kind is queued
 * again; 404 when none was ever sent.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, resendBodySchema);
      const out = await resendMail(app.db, actorOf(ctx), ctx.params.ref, body);
      app.outbox.wake();
      return jsonOk(out, 202);
    });
  },
};
