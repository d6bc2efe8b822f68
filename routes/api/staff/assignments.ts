import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { bulkAssign } from "../../../lib/staff/changes.ts";
import { actorOf, answerStaff, parseBody } from "../../../lib/staff/http.ts";
import { bulkAssignBodySchema } from "../../../lib/staff/schemas.ts";

/**
 * `POST /api/staff/assignments` `{location, date}` → 200 `{date, location,
 * assignments:[{reference, chefId|null}]}`: the best available chef for
 * every unassigned booking of that day.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, bulkAssignBodySchema);
      return jsonOk(await bulkAssign(partsOf(ctx).db, actorOf(ctx), body));
    });
  },
};
