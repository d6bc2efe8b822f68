import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { answer, limitRequest } from "../../../lib/http/route.ts";
import { ERROR_CODES, jsonError } from "../../../lib/http/mod.ts";
import { releaseHoldById } from "../../../lib/bookings/holds.ts";

/**
 * `DELETE /api/holds/{id}`: release a hold early. 204 for any existing hold
 * (idempotent: repeating it, or releasing an expired hold, changes nothing);
 * 404 `NOT_FOUND` alike for unknown and malformed ids.
 */
export const handler: Handlers = {
  async DELETE(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    const limited = limitRequest(app, "holds", req, ctx);
    if (limited) return limited;
    return await answer(req, async () => {
      const outcome = await releaseHoldById(
        app.db,
        ctx.params.id,
        app.availabilityCache,
      );
      if (outcome === "unknown") {
        return jsonError(404, ERROR_CODES.NOT_FOUND, "No such hold.");
      }
      return new Response(null, { status: 204 });
    });
  },
};
