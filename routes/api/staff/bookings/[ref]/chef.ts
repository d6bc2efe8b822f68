import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { assignChef } from "../../../../../lib/staff/bookings.ts";
import {
  actorOf,
  answerStaff,
  parseBody,
} from "../../../../../lib/staff/http.ts";
import { assignChefBodySchema } from "../../../../../lib/staff/schemas.ts";

/** `PUT /api/staff/bookings/{ref}/chef` `{chefId}` → 200 booking, or 409 `CHEF_UNAVAILABLE`. */
export const handler: Handlers = {
  async PUT(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, assignChefBodySchema);
      return jsonOk(
        await assignChef(partsOf(ctx).db, actorOf(ctx), ctx.params.ref, body),
      );
    });
  },
};
