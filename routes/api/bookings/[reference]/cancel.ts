import { requestCancellation } from "../../../../lib/bookings/mod.ts";
import { manageActionHandler } from "./(_manage)/action.ts";

/**
 * `POST /api/bookings/{reference}/cancel` `{token, reason?}`: requests the
 * cancellation (a manager decides); answers the updated customer view.
 */
export const handler = manageActionHandler(requestCancellation);
