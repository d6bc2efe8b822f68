import type { FreshContext, Handlers } from "$fresh/server.ts";
import { getDb } from "../../../../lib/db/mod.ts";
import { requestCancellation } from "../../../../lib/bookings/mod.ts";
import { answer, limitRequest } from "../../../../lib/bookings/http.ts";
import { jsonOk, readJson } from "../../../../lib/http/mod.ts";

/**
 * `POST /api/bookings/{reference}/cancel` `{token, reason?}`: requests the
 * cancellation (a manager decides); answers the updated customer view.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    const limited = limitRequest("manage", req, ctx);
    if (limited) return limited;
    const body = await readJson(req);
    if (!body.ok) return body.response;
    return await answer(req, async () =>
      jsonOk(
        await requestCancellation(
          await getDb(),
          ctx.params.reference,
          body.value,
          new Date(),
        ),
      ));
  },
};
