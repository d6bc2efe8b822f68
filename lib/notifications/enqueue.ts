/**
 * Queueing the `booking_created` mail from inside the booking transaction:
 * the raw manage token exists only there, so the manage URL goes into the
 * outbox row (ADR 0004). Lifecycle mail (confirmed, cancelled, …) is queued
 * by a database trigger and needs no call.
 *
 * @module
 */
import type { TransactionSql } from "../db/mod.ts";

/** What {@link enqueueBookingCreated} needs from the creating request. */
export interface BookingCreatedNotice {
  reference: string;
  /** The raw manage token: the database checks it against the booking. */
  token: string;
  manageUrl: string;
  /** Deposit instructions shown in the mail (`PaymentInstructions`). */
  payment: { instructions?: string } & Record<string, unknown>;
}

/**
 * Queues the customer's booking mail and the managers' alerts in `tx` (the
 * booking's own transaction, any role). Returns the number of rows queued
 * (0 when already queued or muted).
 */
export async function enqueueBookingCreated(
  tx: TransactionSql,
  notice: BookingCreatedNotice,
): Promise<number> {
  const [row] = await tx<{ queued: number }[]>`
    select app.enqueue_booking_created(
      ${notice.reference}, ${notice.token}, ${notice.manageUrl},
      ${JSON.stringify(notice.payment)}::text::jsonb) as queued`;
  return row.queued;
}
