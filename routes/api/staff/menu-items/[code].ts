import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { updateMenuItem } from "../../../../lib/settings/service.ts";
import { updateMenuItemBodySchema } from "../../../../lib/settings/schema.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `PATCH /api/staff/menu-items/{code}` (admin) `{label?, priceCents?,
 * premiumSurchargeCents?, sortOrder?, active?}` → 200 the item; `active:
 * false` retires it.
 */
export const handler: Handlers = {
  async PATCH(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, updateMenuItemBodySchema);
      const caller = callerOf(ctx);
      return jsonOk(
        await updateMenuItem(
          partsOf(ctx).db,
          caller.claims,
          caller.staff.role,
          ctx.params.code,
          body,
        ),
      );
    });
  },
};
