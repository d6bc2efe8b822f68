import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { jsonOk } from "../../../lib/http/mod.ts";
import {
  createLocation,
  listLocationEntries,
} from "../../../lib/settings/service.ts";
import { createLocationBodySchema } from "../../../lib/settings/schema.ts";
import { answerStaff, callerOf, parseBody } from "../../../lib/staff/http.ts";

/**
 * `GET /api/staff/locations` → `{items:[{id, slug, name, zip, timezone,
 * active}]}`; `POST` (admin) `{slug, name, zip, timezone}` → 201.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () =>
      jsonOk({
        items: await listLocationEntries(
          partsOf(ctx).db,
          callerOf(ctx).claims,
        ),
      }));
  },
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, createLocationBodySchema);
      return jsonOk(
        await createLocation(partsOf(ctx).db, callerOf(ctx).claims, body),
        201,
      );
    });
  },
};
