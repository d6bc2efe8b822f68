import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { listBookingsAsStaff } from "../../../../lib/staff/bookings.ts";
import { answerStaff, claimsOf } from "../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/bookings?q&status&from&to&location&chef&limit&cursor` →
 * `{items, nextCursor}`. The staff check is part of the list's transaction
 * (the middleware only verified the token: `checksStaffItself`).
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const { page } = await listBookingsAsStaff(
        partsOf(ctx).db,
        claimsOf(ctx),
        ctx.url.searchParams,
      );
      return jsonOk(page);
    });
  },
};
