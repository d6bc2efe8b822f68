import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { bookingAction } from "../../../../../lib/staff/bookings.ts";
import {
  actorOf,
  answerStaff,
  parseBody,
} from "../../../../../lib/staff/http.ts";
import { actionBodySchema } from "../../../../../lib/staff/schemas.ts";

/**
 * `POST /api/staff/bookings/{ref}/actions` `{action, reason?, expectedUpdatedAt?}`
 * → 200 booking; 409 `INVALID_TRANSITION` from a state that does not allow it.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, actionBodySchema);
      return jsonOk(
        await bookingAction(
          app.db,
          actorOf(ctx),
          ctx.params.ref,
          body,
          app.clock(),
          app.payments,
        ),
      );
    });
  },
};
