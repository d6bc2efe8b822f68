import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { actorOf, answerStaff, parseQuery } from "../../../lib/staff/http.ts";
import {
  feedSince,
  feedSinceQuerySchema,
} from "../../../lib/staff/feed_since.ts";

/** `GET /api/staff/feed?since`: the live feed's changes after a moment (RLS applies). */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const query = parseQuery(feedSinceQuerySchema, ctx.url);
      return jsonOk({
        changes: await feedSince(partsOf(ctx).db, actorOf(ctx), query),
      });
    });
  },
};
