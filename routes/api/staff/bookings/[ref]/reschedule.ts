import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { rescheduleByStaff } from "../../../../../lib/staff/changes.ts";
import {
  actorOf,
  answerStaff,
  parseBody,
} from "../../../../../lib/staff/http.ts";
import { rescheduleBodySchema } from "../../../../../lib/staff/schemas.ts";

/**
 * `POST /api/staff/bookings/{ref}/reschedule` `{date, time, waiveFee?,
 * reason?, expectedUpdatedAt?}` → 200 booking with `feeCents`; 409
 * `SLOT_FULL`, `INVALID_TRANSITION`, `STALE_BOOKING`.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, rescheduleBodySchema);
      const out = await rescheduleByStaff(
        app.db,
        actorOf(ctx),
        ctx.params.ref,
        body,
        app.clock(),
      );
      app.availabilityCache.changed();
      app.outbox.wake();
      return jsonOk(out);
    });
  },
};
