/**
 * Cancelling a batch of spam bookings in one staff action (issue 9, ADR
 * 0015): `POST /api/staff/bookings/cancel-batch` and the checkboxes of
 * `/admin/bookings`. Only unpaid `pending_deposit` bookings are cancelled;
 * the rest are reported as skipped. `app.staff_cancel_batch` does the work
 * under the caller's claims (managers of the booking's location, admins),
 * with a history event and an audit row per booking and one for the batch.
 *
 * @module
 */
import { z } from "zod";
import { type Db, withClaims } from "../db/mod.ts";
import type { StaffActor } from "./bookings.ts";
import { fromDbError } from "./errors.ts";

/** Most bookings one batch may name. */
export const MAX_BATCH = 100;

/** `POST /api/staff/bookings/cancel-batch` body. */
export const cancelBatchBodySchema = z.strictObject({
  references: z.array(
    z.string().trim().regex(
      /^MH-[0-9A-Z]{6}$/i,
      "expected a reference like MH-ABC234",
    ).transform((r) => r.toUpperCase()),
  ).min(1).max(MAX_BATCH),
  reason: z.string().trim().min(1).max(2000),
});
export type CancelBatchBody = z.output<typeof cancelBatchBodySchema>;

/** Why a named booking was not cancelled. */
export type SkipReason = "not_found" | "not_pending" | "paid";

/** The answer of a batch cancel. */
export interface CancelBatchResult {
  cancelled: { reference: string; status: "cancelled" }[];
  skipped: { reference: string; reason: SkipReason; status?: string }[];
}

/** Cancels the unpaid pending bookings among `input.references`. */
export async function cancelBatch(
  db: Db,
  actor: StaffActor,
  input: CancelBatchBody,
): Promise<CancelBatchResult> {
  try {
    return await withClaims(db, actor.claims, async (tx) => {
      const [row] = await tx<{ r: CancelBatchResult }[]>`
        select app.staff_cancel_batch(${input.references}::text[], ${input.reason}) as r`;
      return row.r;
    });
  } catch (err) {
    throw fromDbError(err) ?? err;
  }
}
