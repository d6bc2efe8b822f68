import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { createHold } from "../../lib/bookings/mod.ts";
import { answer, limitRequest, requestClient } from "../../lib/http/route.ts";
import { jsonOk, readJson } from "../../lib/http/mod.ts";
import { holdsCreated } from "../../lib/metrics/mod.ts";

/** `POST /api/holds` `{date, time, location?}` (SPEC §5): 201 `{holdId, expiresAt}` or 409 `SLOT_FULL`. */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    const limited = limitRequest(app, "holds", req, ctx);
    if (limited) return limited;
    const body = await readJson(req);
    if (!body.ok) return body.response;
    return await answer(req, async () => {
      const hold = await createHold(
        app.db,
        body.value,
        app.clock(),
        app.availabilityCache,
        await requestClient(app, req, ctx),
        app.funnel,
      );
      holdsCreated.inc();
      return jsonOk(hold, 201);
    });
  },
};
