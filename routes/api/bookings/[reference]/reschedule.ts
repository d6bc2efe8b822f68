import { rescheduleBooking } from "../../../../lib/bookings/mod.ts";
import { manageActionHandler } from "./(_manage)/action.ts";

/**
 * `POST /api/bookings/{reference}/reschedule` `{token, date, time}`: moves the
 * booking (fee per policy); answers the updated customer view.
 */
export const handler = manageActionHandler(rescheduleBooking);
