import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { eraseCustomer } from "../../../../../lib/customers/service.ts";
import { answerStaff, callerOf } from "../../../../../lib/staff/http.ts";

/**
 * `POST /api/staff/customers/{id}/erase` → the anonymised customer; 409
 * while one of their bookings is still open (audited).
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () =>
      jsonOk(
        await eraseCustomer(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.id,
        ),
      ));
  },
};
