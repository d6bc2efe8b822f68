import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { previewChanges } from "../../../../lib/settings/service.ts";
import { previewSettingsBodySchema } from "../../../../lib/settings/schema.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `POST /api/staff/settings/preview` (admin) `{baseVersionId, settings}` →
 * `{before, after, differenceCents}`: the /pricing page's typical party
 * priced under the version and under the changes. Nothing is saved.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const caller = callerOf(ctx);
      const body = await parseBody(req, previewSettingsBodySchema);
      return jsonOk(
        await previewChanges(
          app.db,
          caller.claims,
          caller.staff.role,
          body.baseVersionId,
          body.settings,
          app.clock(),
        ),
      );
    });
  },
};
