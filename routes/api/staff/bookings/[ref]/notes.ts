import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../../lib/http/mod.ts";
import { addNote } from "../../../../../lib/staff/bookings.ts";
import {
  actorOf,
  answerStaff,
  parseBody,
} from "../../../../../lib/staff/http.ts";
import { noteBodySchema } from "../../../../../lib/staff/schemas.ts";

/** `POST /api/staff/bookings/{ref}/notes` `{body, forChef?}` → 201 note. */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, noteBodySchema);
      return jsonOk(
        await addNote(partsOf(ctx).db, actorOf(ctx), ctx.params.ref, body),
        201,
      );
    });
  },
};
