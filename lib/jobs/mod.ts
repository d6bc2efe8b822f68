/**
 * Background jobs of the server process: unpaid-booking expiry and expired
 * hold cleanup, on a one-minute interval. The composition root (`app.ts`)
 * starts them beside the notification outbox worker; `JOBS=off` disables
 * both.
 *
 * @example
 * ```ts
 * const jobs = startJobs({ db, now: () => new Date() });
 * await jobs.stop();
 * ```
 *
 * @module
 */
export {
  type ExpiredBooking,
  expireUnpaidBookings,
} from "./expire_bookings.ts";
export { cleanupExpiredHolds, HOLD_RETENTION_MS } from "./cleanup_holds.ts";
export { enqueueDueReminders } from "./reminders.ts";
export {
  DEFAULT_JOB_INTERVAL_MS,
  type JobOptions,
  type JobScheduler,
  runJobsOnce,
  startJobs,
  type TickResult,
} from "./runner.ts";
