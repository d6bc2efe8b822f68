import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  saveSettings,
  settingsOverview,
} from "../../../../lib/settings/service.ts";
import { saveSettingsBodySchema } from "../../../../lib/settings/schema.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `GET /api/staff/settings` (admin): every settings version, the one in
 * force today, the scheduled ones and the menu. `PUT` saves a version
 * (`{effectiveFrom, baseVersionId, baseRevision, note?, settings:{…}}`):
 * 200 the version; 403 for anyone but an admin (refused by the database),
 * 409 `STALE_SETTINGS` / `VERSION_DATE_TAKEN`, 422 with paths.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const caller = callerOf(ctx);
      return jsonOk(
        await settingsOverview(
          app.db,
          caller.claims,
          caller.staff.role,
          app.clock(),
        ),
      );
    });
  },
  async PUT(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, saveSettingsBodySchema);
      return jsonOk(
        await saveSettings(app.db, callerOf(ctx).claims, body, app.clock()),
      );
    });
  },
};
