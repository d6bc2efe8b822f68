import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { listBookings } from "../../../../lib/staff/bookings.ts";
import {
  actorOf,
  answerStaff,
  parseQuery,
} from "../../../../lib/staff/http.ts";
import { listQuerySchema } from "../../../../lib/staff/schemas.ts";

/** `GET /api/staff/bookings?q&status&from&to&location&chef&limit&cursor` → `{items, nextCursor}`. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const query = parseQuery(listQuerySchema, ctx.url);
      return jsonOk(await listBookings(partsOf(ctx).db, actorOf(ctx), query));
    });
  },
};
