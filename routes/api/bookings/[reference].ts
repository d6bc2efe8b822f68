import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { viewBooking } from "../../../lib/bookings/mod.ts";
import { answer } from "../../../lib/http/route.ts";
import { jsonOk } from "../../../lib/http/mod.ts";

/**
 * `GET /api/bookings/{reference}?token=…`: the customer's view of one
 * booking; 404 for an unknown reference and for a wrong token alike.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    return await answer(req, async () =>
      jsonOk(
        await viewBooking(
          app.db,
          ctx.params.reference,
          ctx.url.searchParams.get("token"),
          app.clock(),
        ),
      ));
  },
};
