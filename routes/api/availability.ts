import type { FreshContext, Handlers } from "$fresh/server.ts";
import { getDb } from "../../lib/db/mod.ts";
import { availability } from "../../lib/bookings/mod.ts";
import { answer } from "../../lib/bookings/http.ts";
import { jsonOk } from "../../lib/http/mod.ts";
import { searchParamsToObject } from "../../lib/schemas/mod.ts";

/** `GET /api/availability?from=&to=[&location=]` (SPEC §5), at most 62 days. */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answer(req, async () =>
      jsonOk(
        await availability(
          await getDb(),
          searchParamsToObject(ctx.url.searchParams),
          new Date(),
        ),
      ));
  },
};
