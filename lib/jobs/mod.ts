/**
 * Background jobs of the server process: unpaid-booking expiry and expired
 * hold cleanup, on a one-minute interval; `startServerJobs` also starts the
 * notification outbox worker (lib/notifications, every 10 s). `JOBS=off`
 * disables both.
 *
 * @example
 * ```ts
 * if (jobsEnabled()) startJobs({ db: getDb });
 * ```
 *
 * @module
 */
export {
  type ExpiredBooking,
  expireUnpaidBookings,
} from "./expire_bookings.ts";
export { cleanupExpiredHolds, HOLD_RETENTION_MS } from "./cleanup_holds.ts";
export {
  DEFAULT_JOB_INTERVAL_MS,
  type JobOptions,
  type JobScheduler,
  jobsEnabled,
  runJobsOnce,
  startJobs,
  startServerJobs,
  type TickResult,
} from "./runner.ts";
