import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  customersQuerySchema,
  searchCustomers,
} from "../../../../lib/customers/service.ts";
import {
  answerStaff,
  callerOf,
  parseQuery,
} from "../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/customers?q=&cursor=&limit=` (managers: customers of their
 * locations; admins: all) → `{items:[…], nextCursor}`.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const q = parseQuery(customersQuerySchema, ctx.url);
      return jsonOk(
        await searchCustomers(partsOf(ctx).db, callerOf(ctx).claims, q),
      );
    });
  },
};
