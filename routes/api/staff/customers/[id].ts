import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  getCustomer,
  updateCustomer,
  updateCustomerBodySchema,
} from "../../../../lib/customers/service.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/customers/{id}` → the customer with figures and bookings;
 * `PATCH` `{notes?, tags?}` → the customer (audited).
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () =>
      jsonOk(
        await getCustomer(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.id,
        ),
      ));
  },
  async PATCH(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const b = await parseBody(req, updateCustomerBodySchema);
      return jsonOk(
        await updateCustomer(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.id,
          b,
        ),
      );
    });
  },
};
