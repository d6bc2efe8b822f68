import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { availabilityJson } from "../../lib/bookings/mod.ts";
import { answer } from "../../lib/http/route.ts";
import { jsonTextOk } from "../../lib/http/mod.ts";
import { searchParamsToObject } from "../../lib/schemas/mod.ts";

/** `GET /api/availability?from=&to=[&location=]` (SPEC §5), at most 62 days. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    return await answer(req, async () =>
      jsonTextOk(
        await availabilityJson(
          app.db,
          searchParamsToObject(ctx.url.searchParams),
          app.clock(),
          app.availabilityCache,
          app.catalog.snapshot(),
        ),
      ));
  },
};
