import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { actorOf, answerStaff, parseBody } from "../../../../lib/staff/http.ts";
import { requestTimeOff } from "../../../../lib/staff/portal.ts";
import { timeOffBodySchema } from "../../../../lib/staff/schemas.ts";

/** `POST /api/staff/me/time-off` `{startsOn, endsOn, reason?}` → 201 the request (status `requested`). */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, timeOffBodySchema);
      return jsonOk(
        await requestTimeOff(partsOf(ctx).db, actorOf(ctx), body),
        201,
      );
    });
  },
};
