import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { inboxQuerySchema, listInbox } from "../../../../lib/inbox/service.ts";
import {
  answerStaff,
  callerOf,
  parseQuery,
} from "../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/inbox?view=open|mine|handled|all&limit=` (managers,
 * admins) → `{items:[…], openCount, assignees}`.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const caller = callerOf(ctx);
      const q = parseQuery(inboxQuerySchema, ctx.url);
      return jsonOk(
        await listInbox(partsOf(ctx).db, caller.claims, caller.staff.role, q),
      );
    });
  },
};
