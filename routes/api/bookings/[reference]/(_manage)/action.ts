/**
 * The one shape of the customer's manage actions (`cancel`, `reschedule`):
 * the `manage` rate limit, a JSON body, the action on the booking named by
 * the path, and the updated customer view (or the action's error) as JSON.
 *
 * @module
 */
import type { FreshContext, Handlers } from "$fresh/server.ts";
import type { Db } from "../../../../../lib/db/mod.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import type { SlotsChanged } from "../../../../../lib/availability/service.ts";
import type { CustomerBookingView } from "../../../../../lib/bookings/mod.ts";
import { answer, limitRequest } from "../../../../../lib/http/route.ts";
import { jsonOk, readJson } from "../../../../../lib/http/mod.ts";

/** A manage action of lib/bookings: validates `body` itself, throws BookingError. */
export type ManageAction = (
  db: Db,
  reference: string,
  body: unknown,
  now: Date,
  slots?: SlotsChanged,
) => Promise<CustomerBookingView>;

/** Route handlers answering `POST` with `action`. */
export function manageActionHandler(action: ManageAction): Handlers {
  return {
    async POST(req: Request, ctx: FreshContext) {
      const app = partsOf(ctx);
      const limited = limitRequest(app, "manage", req, ctx);
      if (limited) return limited;
      const body = await readJson(req);
      if (!body.ok) return body.response;
      return await answer(req, async () =>
        jsonOk(
          await action(
            app.db,
            ctx.params.reference,
            body.value,
            app.clock(),
            app.availabilityCache,
          ),
        ));
    },
  };
}
