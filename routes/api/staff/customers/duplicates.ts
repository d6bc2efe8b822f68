import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  duplicatesQuerySchema,
  listDuplicates,
} from "../../../../lib/customers/service.ts";
import {
  answerStaff,
  callerOf,
  parseQuery,
} from "../../../../lib/staff/http.ts";

/** `GET /api/staff/customers/duplicates?limit=` → `{items:[{reason, customer, duplicate}]}`. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const q = parseQuery(duplicatesQuerySchema, ctx.url);
      return jsonOk({
        items: await listDuplicates(partsOf(ctx).db, callerOf(ctx).claims, q),
      });
    });
  },
};
