import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { actorOf, answerStaff, parseBody } from "../../../../lib/staff/http.ts";
import { setOwnWeekdays } from "../../../../lib/staff/portal.ts";
import { weekdaysBodySchema } from "../../../../lib/staff/schemas.ts";

/** `PUT /api/staff/me/weekdays` `{weekdays:[1..7]}` → 200 `{weekdays}`; 409 when a removal strands a booking. */
export const handler: Handlers = {
  async PUT(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, weekdaysBodySchema);
      return jsonOk({
        weekdays: await setOwnWeekdays(
          app.db,
          actorOf(ctx),
          body.weekdays,
          app.clock(),
        ),
      });
    });
  },
};
