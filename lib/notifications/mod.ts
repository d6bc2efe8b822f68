/**
 * Booking and staff notifications through the `public.notifications`
 * outbox (ADR 0004): rows are queued in the same transaction as the change
 * (`enqueueBookingCreated`, and a database trigger for lifecycle changes),
 * then a worker renders them (`templates.ts`, `.ics` via npm `ics`) and sends
 * them through `lib/mail`'s registered mailer, with retries.
 *
 * @example
 * ```ts
 * const worker = startOutboxWorker({ db: getDb });
 * // … later
 * await worker.stop();
 * ```
 *
 * @module
 */
export { type BookingCreatedNotice, enqueueBookingCreated } from "./enqueue.ts";
export {
  CLAIM_LEASE_MS,
  claimDue,
  drainOutbox,
  MAX_ATTEMPTS,
  type OutboxOptions,
  type OutboxResult,
  processOutbox,
  RETRY_BASE_MS,
  retryDelayMs,
} from "./outbox.ts";
export {
  OUTBOX_INTERVAL_MS,
  type OutboxWorker,
  startOutboxWorker,
} from "./worker.ts";
export {
  type RenderedMail,
  renderNotification,
  TemplateError,
} from "./templates.ts";
export { bookingIcs } from "./ics.ts";
export {
  type BookingNotice,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type OutboxRow,
} from "./payload.ts";
