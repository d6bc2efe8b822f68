import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { listMembers } from "../../../../lib/staff/members.ts";
import { answerStaff, callerOf } from "../../../../lib/staff/http.ts";

/** `GET /api/staff/members` → `{items:[{userId, email, fullName, role, active, locationIds, updatedAt}]}` (RLS decides who is listed). */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const items = await listMembers(partsOf(ctx).db, callerOf(ctx).claims);
      return jsonOk({ items });
    });
  },
};
