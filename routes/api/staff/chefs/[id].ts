import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  chefProfileBodySchema,
  updateChefProfile,
} from "../../../../lib/staff/chef_profile.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `PATCH /api/staff/chefs/{id}` `{displayName?, homeZip?, maxPartySize?,
 * rating?}` → 200 the chef (managers of the chef's location, admins).
 */
export const handler: Handlers = {
  async PATCH(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, chefProfileBodySchema);
      return jsonOk(
        await updateChefProfile(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.id,
          body,
        ),
      );
    });
  },
};
