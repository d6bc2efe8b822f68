import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { editPartyByStaff } from "../../../../../lib/staff/changes.ts";
import {
  actorOf,
  answerStaff,
  parseBody,
} from "../../../../../lib/staff/http.ts";
import { partyBodySchema } from "../../../../../lib/staff/schemas.ts";

/**
 * `PUT /api/staff/bookings/{ref}/party` `{adults, children, under6?,
 * proteins, extraProteins?, addons?, override?, reason?,
 * expectedUpdatedAt?}` → 200 booking with the new `quote`; 409
 * `CUTOFF_PASSED` after the SPEC cutoffs without `override`.
 */
export const handler: Handlers = {
  async PUT(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const body = await parseBody(req, partyBodySchema);
      return jsonOk(
        await editPartyByStaff(
          app.db,
          actorOf(ctx),
          ctx.params.ref,
          body,
          app.clock(),
        ),
      );
    });
  },
};
