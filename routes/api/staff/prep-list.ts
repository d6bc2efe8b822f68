import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { actorOf, answerStaff, parseQuery } from "../../../lib/staff/http.ts";
import { prepListQuerySchema } from "../../../lib/staff/schemas.ts";
import { prepList } from "../../../lib/staff/schedule.ts";

/** `GET /api/staff/prep-list?date&chef` → `{date, chef, guests, proteins, addons, events}`. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const query = parseQuery(prepListQuerySchema, ctx.url);
      return jsonOk(await prepList(partsOf(ctx).db, actorOf(ctx), query));
    });
  },
};
