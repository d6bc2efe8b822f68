import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import { actorOf, answerStaff, parseBody } from "../../../../lib/staff/http.ts";
import { decideTimeOff } from "../../../../lib/staff/schedule.ts";
import {
  timeOffDecisionBodySchema,
  timeOffDecisionSchema,
} from "../../../../lib/staff/schemas.ts";
import { invalid } from "../../../../lib/staff/errors.ts";

/**
 * `POST /api/staff/time-off/{id}` `{decision: "approved"|"rejected"}` → 200
 * `{id, status}`; 409 when already decided or when approving would strand a
 * booking without a chef.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, timeOffDecisionBodySchema);
      const input = timeOffDecisionSchema.safeParse({
        id: ctx.params.id,
        decision: body.decision,
      });
      if (!input.success) throw invalid(input.error);
      return jsonOk(
        await decideTimeOff(
          partsOf(ctx).db,
          actorOf(ctx),
          input.data.id,
          input.data.decision,
        ),
      );
    });
  },
};
