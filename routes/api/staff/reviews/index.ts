import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  listStaffReviews,
  staffReviewsQuerySchema,
} from "../../../../lib/reviews/mod.ts";
import {
  answerStaff,
  callerOf,
  parseQuery,
} from "../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/reviews?status=pending|approved|hidden|all&limit=`
 * (managers: their locations; admins: all) → `{items:[…]}`.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const caller = callerOf(ctx);
      const q = parseQuery(staffReviewsQuerySchema, ctx.url);
      const items = await listStaffReviews(
        partsOf(ctx).db,
        caller.claims,
        caller.staff.role,
        q,
      );
      return jsonOk({ items });
    });
  },
};
