import { moneyHandlers } from "../../../../../lib/staff/money_route.ts";

/** `POST /api/staff/bookings/{ref}/refunds` (Idempotency-Key optional). */
export const handler = moneyHandlers("refund", false);
