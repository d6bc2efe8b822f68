import { moneyHandlers } from "../../../../../lib/staff/money_route.ts";

/** `POST /api/staff/bookings/{ref}/payments` (Idempotency-Key required). */
export const handler = moneyHandlers("payment", true);
