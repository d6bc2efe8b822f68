import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { exportCustomer } from "../../../../../lib/customers/service.ts";
import { answerStaff, callerOf } from "../../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/customers/{id}/export` → the customer's personal data as
 * a JSON download (audited).
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const doc = await exportCustomer(
        partsOf(ctx).db,
        callerOf(ctx).claims,
        ctx.params.id,
      );
      return new Response(JSON.stringify(doc, null, 2), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition":
            `attachment; filename="customer-${ctx.params.id}.json"`,
          "cache-control": "private, no-store",
        },
      });
    });
  },
};
