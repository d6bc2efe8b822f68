/**
 * SPEC §2 reminders: the customer's deposit reminder 12 hours before the
 * deposit is due, and event reminders 7 days and 48 hours before the event.
 * Queued into the outbox by `app.enqueue_due_reminders` at the app's clock,
 * once per booking and recipient whichever instance runs first (a unique
 * index; ADR 0020); the outbox worker sends them. The same tick queues the
 * assigned chef's day-before mail (`app.enqueue_chef_day_before`, ADR 0036).
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";

/**
 * Queues every reminder and chef day-before mail due at `now`; returns how
 * many were queued.
 */
export async function enqueueDueReminders(db: Db, now: Date): Promise<number> {
  return await privileged(db, async (tx) => {
    const [row] = await tx<{ n: number }[]>`
      select app.enqueue_due_reminders(${now}::timestamptz)
           + app.enqueue_chef_day_before(${now}::timestamptz) as n`;
    return row?.n ?? 0;
  });
}
