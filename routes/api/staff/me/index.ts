import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { actorOf, answerStaff } from "../../../../lib/staff/http.ts";
import { chefPortal } from "../../../../lib/staff/portal.ts";

/** `GET /api/staff/me`: the chef portal (profile, upcoming events, time off, feed status); 403 without a chef profile. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      return jsonOk(await chefPortal(app.db, actorOf(ctx), app.clock()));
    });
  },
};
