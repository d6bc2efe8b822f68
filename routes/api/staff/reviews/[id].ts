import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  moderateBodySchema,
  moderateReview,
  requireModerator,
} from "../../../../lib/reviews/mod.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `POST /api/staff/reviews/{id}` `{status: "approved"|"hidden"}` → 200
 * `{id, status}`. Managers of the review's location and admins; audited;
 * the public pages regenerate.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const caller = callerOf(ctx);
      requireModerator(caller.staff.role);
      const b = await parseBody(req, moderateBodySchema);
      return jsonOk(
        await moderateReview(
          partsOf(ctx).db,
          caller.claims,
          ctx.params.id,
          b.status,
        ),
      );
    });
  },
};
