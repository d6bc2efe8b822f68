import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  cancelBatch,
  cancelBatchBodySchema,
} from "../../../../lib/staff/batch_cancel.ts";
import { actorOf, answerStaff, parseBody } from "../../../../lib/staff/http.ts";

/**
 * `POST /api/staff/bookings/cancel-batch` `{references: string[1..100],
 * reason}` → 200 `{cancelled:[{reference, status}], skipped:[{reference,
 * reason: "not_found"|"not_pending"|"paid", status?}]}`. Managers (their
 * locations) and admins; chefs 403. Audited per booking and per batch.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, cancelBatchBodySchema);
      return jsonOk(await cancelBatch(app.db, actorOf(ctx), body));
    });
  },
};
