/**
 * SPEC §2: a `pending_deposit` booking still unpaid at its `deposit_due_at`
 * (24 h after booking) becomes `expired`, which frees its slot. The status
 * trigger writes the history event (actor `system`); this job adds the audit
 * row.
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";
import type { SlotsChanged } from "../availability/service.ts";

/** One booking the job expired. */
export interface ExpiredBooking {
  id: string;
  reference: string;
}

/**
 * Expires every `pending_deposit` booking whose `deposit_due_at` is at or
 * before `now`. Idempotent; safe to run from several instances at once
 * (each row is updated by whichever gets its lock first).
 */
export async function expireUnpaidBookings(
  db: Db,
  now: Date,
  slots?: SlotsChanged,
): Promise<ExpiredBooking[]> {
  const done = await privileged(db, async (tx) => {
    await tx`select set_config('app.actor', 'system', true),
      set_config('app.event_note', 'deposit not received by the due time', true)`;
    const expired = await tx<ExpiredBooking[]>`
      update public.bookings set status = 'expired'
      where status = 'pending_deposit' and deposit_due_at <= ${now}
      returning id, reference`;
    if (expired.length > 0) {
      const ids = expired.map((b) => b.id);
      await tx`
        insert into public.audit_log (actor, action, entity, entity_id, details)
        select 'system', 'booking.expired', 'booking', b.id::text,
          jsonb_build_object('reference', b.reference, 'deposit_due_at', b.deposit_due_at)
        from public.bookings b where b.id = any(${ids}::uuid[])`;
    }
    return [...expired];
  });
  if (done.length > 0) slots?.changed();
  return done;
}
