/**
 * Expired, unconverted holds stop counting the moment they expire (the
 * capacity check compares `expires_at` with the time); this job only deletes
 * them later so the table stays small. Converted holds are kept: they link
 * to their booking.
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";

/** How long an expired hold is kept before deletion (for support questions). */
export const HOLD_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Deletes unconverted holds that expired more than `retentionMs` before `now`; returns how many. */
export async function cleanupExpiredHolds(
  db: Db,
  now: Date,
  retentionMs: number = HOLD_RETENTION_MS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionMs);
  return await privileged(db, async (tx) => {
    const rows = await tx`
      delete from public.holds
      where converted_booking_id is null and expires_at <= ${cutoff}
      returning id`;
    return rows.length;
  });
}
