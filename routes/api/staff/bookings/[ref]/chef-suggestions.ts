import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { chefSuggestions } from "../../../../../lib/staff/bookings.ts";
import { actorOf, answerStaff } from "../../../../../lib/staff/http.ts";

/** `GET /api/staff/bookings/{ref}/chef-suggestions` → `{suggestions}` best first. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () =>
      jsonOk({
        suggestions: await chefSuggestions(
          partsOf(ctx).db,
          actorOf(ctx),
          ctx.params.ref,
        ),
      }));
  },
};
