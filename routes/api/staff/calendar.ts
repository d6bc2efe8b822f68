import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { actorOf, answerStaff, parseQuery } from "../../../lib/staff/http.ts";
import { calendarQuerySchema } from "../../../lib/staff/schemas.ts";
import { calendar } from "../../../lib/staff/schedule.ts";

/** `GET /api/staff/calendar?from&to&location`: slots, bookings, chefs, blackouts, time off. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const query = parseQuery(calendarQuerySchema, ctx.url);
      return jsonOk(await calendar(partsOf(ctx).db, actorOf(ctx), query));
    });
  },
};
