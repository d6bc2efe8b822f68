/**
 * The handler of `POST /api/staff/bookings/{ref}/payments` and `…/refunds`
 * (SPEC §5): `{method, amountCents, note?}` with an `Idempotency-Key`
 * header → 201 `{payment, booking:{status, balanceDueCents, …}, replayed}`;
 * a replay of the same key answers 200 with the first row, writing nothing.
 *
 * @module
 */
import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../app/parts.ts";
import { jsonError, jsonOk } from "../http/mod.ts";
import { recordMoney } from "./bookings.ts";
import { actorOf, answerStaff, parseBody } from "./http.ts";
import { idempotencyKeySchema, paymentBodySchema } from "./schemas.ts";

/** Route handlers for recording a payment or a refund. */
export function moneyHandlers(
  kind: "payment" | "refund",
  keyRequired: boolean,
): Handlers {
  return {
    async POST(req: Request, ctx: FreshContext) {
      return await answerStaff(req, async () => {
        const raw = req.headers.get("idempotency-key");
        const key = raw === null ? null : idempotencyKeySchema.safeParse(raw);
        if ((keyRequired && key === null) || (key && !key.success)) {
          return jsonError(
            400,
            "IDEMPOTENCY_KEY_REQUIRED",
            "Send an Idempotency-Key header (1 to 200 characters).",
            [{ path: "Idempotency-Key", message: "required header" }],
          );
        }
        const body = await parseBody(req, paymentBodySchema);
        const out = await recordMoney(
          partsOf(ctx).db,
          actorOf(ctx),
          ctx.params.ref,
          kind,
          body,
          key?.success ? key.data : null,
        );
        return jsonOk(out, out.replayed ? 200 : 201);
      });
    },
  };
}
