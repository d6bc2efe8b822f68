import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import {
  exportCustomer,
  exportDownload,
} from "../../../../../lib/customers/service.ts";
import { answerStaff, callerOf } from "../../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/customers/{id}/export` → the customer's personal data as
 * a JSON download (audited).
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () =>
      exportDownload(
        ctx.params.id,
        await exportCustomer(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.id,
        ),
      ));
  },
};
