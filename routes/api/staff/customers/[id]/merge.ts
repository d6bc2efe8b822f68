import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import {
  mergeBodySchema,
  mergeCustomers,
} from "../../../../../lib/customers/service.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../../lib/staff/http.ts";

/**
 * `POST /api/staff/customers/{id}/merge` `{duplicateId}` → the surviving
 * customer `{id}`; the duplicate's bookings move to it (audited).
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const b = await parseBody(req, mergeBodySchema);
      return jsonOk(
        await mergeCustomers(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.id,
          b.duplicateId,
        ),
      );
    });
  },
};
