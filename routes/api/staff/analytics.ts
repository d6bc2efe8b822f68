import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { analyticsReport } from "../../../lib/analytics/report.ts";
import { analyticsQuerySchema } from "../../../lib/analytics/schema.ts";
import { answerStaff, callerOf, parseQuery } from "../../../lib/staff/http.ts";

/**
 * `GET /api/staff/analytics?from&to&location` (managers, admins) → the
 * report of lib/analytics/report.ts; RLS keeps a manager to their locations.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const caller = callerOf(ctx);
      const q = parseQuery(analyticsQuerySchema, ctx.url);
      const app = partsOf(ctx);
      return jsonOk(
        await analyticsReport(
          app.db,
          caller.claims,
          caller.staff.role,
          q,
          app.clock(),
        ),
      );
    });
  },
};
