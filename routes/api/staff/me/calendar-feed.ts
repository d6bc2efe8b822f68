import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { actorOf, answerStaff } from "../../../../lib/staff/http.ts";
import {
  feedUrl,
  issueOwnFeed,
  revokeOwnFeed,
} from "../../../../lib/staff/portal.ts";

/**
 * `POST /api/staff/me/calendar-feed` → 201 `{url}` (a new secret URL, the old
 * one stops working); `DELETE` → 200 `{revoked}`.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const token = await issueOwnFeed(app.db, actorOf(ctx), app.clock());
      return jsonOk({ url: feedUrl(app.publicUrl, token) }, 201);
    });
  },
  async DELETE(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      return jsonOk({
        revoked: await revokeOwnFeed(app.db, actorOf(ctx), app.clock()),
      });
    });
  },
};
