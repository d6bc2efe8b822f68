import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { withClaims } from "../../../lib/db/mod.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import { loadDashboard } from "../../../lib/staff/dashboard.ts";
import { actorOf, answerStaff, parseQuery } from "../../../lib/staff/http.ts";
import { dashboardQuerySchema } from "../../../lib/staff/schemas.ts";

/**
 * `GET /api/staff/dashboard`: today, upcoming and the key figures (RLS
 * decides the scope). The dashboard island reloads it on realtime changes.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      parseQuery(dashboardQuerySchema, ctx.url);
      const app = partsOf(ctx);
      const dashboard = await withClaims(
        app.db,
        actorOf(ctx).claims,
        (tx) => loadDashboard(tx, { now: app.clock() }),
        { readOnly: true },
      );
      return jsonOk(dashboard);
    });
  },
};
