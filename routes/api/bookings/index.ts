import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { createBooking } from "../../../lib/bookings/mod.ts";
import {
  answer,
  limitRequest,
  requestClient,
} from "../../../lib/http/route.ts";
import { jsonOk, readJson } from "../../../lib/http/mod.ts";
import { bookingsCreated } from "../../../lib/metrics/mod.ts";

/**
 * `POST /api/bookings[?location=slug]` (SPEC §5): 201 `{id, reference,
 * status, manageUrl, quote, depositDueAt, payment}`; 409 `SLOT_FULL`; 422.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    const limited = limitRequest(app, "bookings", req, ctx);
    if (limited) return limited;
    const body = await readJson(req);
    if (!body.ok) return body.response;
    return await answer(req, async () => {
      const created = await createBooking(app.db, body.value, {
        now: app.clock(),
        location: ctx.url.searchParams.get("location") ?? undefined,
        baseUrl: app.publicUrl,
        slots: app.availabilityCache,
        outbox: app.outbox,
        cardPayments: app.payments !== null,
        smsEnabled: app.sms !== null,
        client: await requestClient(app, req, ctx),
      });
      bookingsCreated.inc({ payment_method: created.payment.method });
      return jsonOk(created, 201, {
        location: `/api/bookings/${created.reference}`,
      });
    });
  },
};
