import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { auditQuerySchema, listAudit } from "../../../lib/audit/service.ts";
import { answerStaff, callerOf, parseQuery } from "../../../lib/staff/http.ts";

/**
 * `GET /api/staff/audit?actor=&action=&entity=&entityId=&from=&to=&limit=&cursor=`
 * (admin) → `{items:[{id, at, actor, actorName, action, entity, entityId,
 * details, changes:[{field, before, after}]}], nextCursor}`.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const caller = callerOf(ctx);
      const q = parseQuery(auditQuerySchema, ctx.url);
      return jsonOk(
        await listAudit(partsOf(ctx).db, caller.claims, caller.staff.role, q),
      );
    });
  },
};
