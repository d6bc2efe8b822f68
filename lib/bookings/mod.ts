/**
 * The customer booking service (SPEC §2, §5): quote, availability, holds,
 * bookings and the manage link's view/cancel/reschedule. Each function takes
 * the database, the raw (untrusted) input and, where time matters, `now`;
 * it validates the input itself and throws {@link BookingError} (status +
 * SPEC §5 code + issues) for every refusal, so the JSON routes and the no-JS
 * form posts share one set of rules.
 *
 * All database work runs as `anon` through `withClaims` and the server-only
 * `app.*` functions; the database enforces slot capacity under concurrency.
 *
 * @example
 * ```ts
 * const db = await getDb();
 * try {
 *   const created = await createBooking(db, body, { now: new Date(), baseUrl: url.origin });
 *   // created.manageUrl, created.payment …
 * } catch (err) {
 *   if (err instanceof BookingError) return bookingErrorResponse(err);
 *   throw err;
 * }
 * ```
 *
 * @module
 */
export {
  type Catalog,
  DEFAULT_LOCATION_SLUG,
  type EventLocation,
  findLocation,
  loadCatalog,
  loadLocations,
  type Location,
  type LocationOption,
  resolveLocation,
  schemaRules,
} from "./catalog.ts";
export {
  BookingError,
  bookingErrorResponse,
  bookingNotFound,
  slotFull,
  tooManyPending,
  validationFailed,
} from "./errors.ts";
export { type RequestClient, UNKNOWN_CLIENT } from "./client.ts";
export {
  priceAtEventLocation,
  priceQuote,
  quote,
  type QuoteAnswer,
  type QuoteOptions,
} from "../pricing/service.ts";
export { availability, availabilityJson } from "../availability/service.ts";
export { createHold, type HoldCreated, releaseHold } from "./holds.ts";
export {
  type BookingCreated,
  createBooking,
  type CreateBookingOptions,
  manageUrl,
} from "./create.ts";
export {
  cancelBodySchema,
  type CancellationPreview,
  type CancellationTerms,
  cancellationTerms,
  changeParty,
  partyChangeBodySchema,
  type PartyChangePreview,
  previewCancellation,
  requestCancellation,
  rescheduleBodySchema,
  rescheduleBooking,
  viewBooking,
} from "./manage.ts";
export type {
  CustomerBookingView,
  CustomerHistoryEvent,
  CustomerPayment,
  CustomerPolicy,
} from "./view.ts";
export {
  type CardPaymentInstructions,
  type ManualPaymentInstructions,
  type PaymentInstructions,
  paymentInstructions,
} from "./payment.ts";
export { hashManageToken, newManageToken } from "./token.ts";
