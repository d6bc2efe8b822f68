import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { createMenuItem } from "../../../../lib/settings/service.ts";
import { createMenuItemBodySchema } from "../../../../lib/settings/schema.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/** `POST /api/staff/menu-items` (admin) → 201 the new protein or add-on. */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, createMenuItemBodySchema);
      return jsonOk(
        await createMenuItem(partsOf(ctx).db, callerOf(ctx).claims, body),
        201,
      );
    });
  },
};
