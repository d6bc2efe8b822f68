/**
 * Runs the background jobs on an interval inside the server process.
 * One tick runs every job once, in order; a tick never overlaps the previous
 * one, and a failing job is logged and counted without stopping the others.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { log } from "../observability/log.ts";
import { bookingsExpired, jobRuns } from "../metrics/mod.ts";
import { describeError } from "../observability/errors.ts";
import { inSpan } from "../observability/tracing.ts";
import { expireUnpaidBookings } from "./expire_bookings.ts";
import { cleanupExpiredHolds } from "./cleanup_holds.ts";
import { applyDueSettings } from "../settings/service.ts";
import { purgeExpiredConversations } from "./purge_conversations.ts";
import type { SlotsChanged } from "../availability/service.ts";
import type { PaymentsGateway } from "../payments/mod.ts";
import { sendStripeRefunds } from "../payments/refunds.ts";
import { enqueueDueReminders } from "./reminders.ts";
import type { OutboxTrigger } from "../app/parts.ts";

/** Default interval between ticks: one minute. */
export const DEFAULT_JOB_INTERVAL_MS = 60_000;

/** Options of {@link runJobsOnce} and {@link startJobs}. */
export interface JobOptions {
  db: Db;
  /** The clock. */
  now: () => Date;
  /** Told when a job freed slots (this instance's availability cache). */
  slots?: SlotsChanged;
  /** Card payments: queued Stripe refunds are sent when present. */
  payments?: PaymentsGateway | null;
  /** Woken when a job queued mail (reminders). */
  outbox?: OutboxTrigger;
}

/** What one tick did. */
export interface TickResult {
  expiredBookings: number;
  deletedHolds: number;
  /** Assistant conversations past their 30-day retention. */
  purgedConversations: number;
  /** Stripe refunds sent this tick. */
  refundsRequested: number;
  /** Reminder mails queued this tick. */
  remindersQueued: number;
  errors: string[];
}

/** Runs every job once at `now()`. Never throws: failures are logged and returned. */
export async function runJobsOnce(opts: JobOptions): Promise<TickResult> {
  const now = opts.now();
  const { db } = opts;
  const result: TickResult = {
    expiredBookings: 0,
    deletedHolds: 0,
    purgedConversations: 0,
    refundsRequested: 0,
    remindersQueued: 0,
    errors: [],
  };
  const jobs: [string, () => Promise<void>][] = [
    ["expire_unpaid_bookings", async () => {
      const expired = await expireUnpaidBookings(db, now, opts.slots);
      result.expiredBookings = expired.length;
      bookingsExpired.inc({}, expired.length);
      if (expired.length > 0) {
        log("info", {
          msg: "jobs: expired unpaid bookings",
          references: expired.map((b) => b.reference),
        });
      }
    }],
    ["cleanup_expired_holds", async () => {
      result.deletedHolds = await cleanupExpiredHolds(db, now);
    }],
    ["enqueue_reminders", async () => {
      result.remindersQueued = await enqueueDueReminders(db, now);
      if (result.remindersQueued > 0) opts.outbox?.wake();
    }],
    ["send_stripe_refunds", async () => {
      if (!opts.payments) return;
      const run = await sendStripeRefunds(db, opts.payments, now);
      result.refundsRequested = run.requested;
    }],
    // A scheduled settings version whose date has come becomes the
    // projection the SQL functions read (and the NOTIFY reloads catalogs).
    ["apply_due_settings", async () => {
      await applyDueSettings(db, now);
    }],
    ["purge_assistant_conversations", async () => {
      result.purgedConversations = await purgeExpiredConversations(db, now);
    }],
  ];
  for (const [name, run] of jobs) {
    try {
      await inSpan("job.run", { "job.name": name }, run);
      jobRuns.inc({ job_name: name, outcome: "ok" });
    } catch (err) {
      jobRuns.inc({ job_name: name, outcome: "error" });
      result.errors.push(`${name}: ${describeError(err).message}`);
      log("error", { msg: `jobs: ${name} failed`, error: describeError(err) });
    }
  }
  return result;
}

/** A running scheduler. */
export interface JobScheduler {
  /** Stops scheduling and waits for a running tick to finish. */
  stop(): Promise<void>;
}

/**
 * Runs {@link runJobsOnce} now and then every `intervalMs`. Timers are
 * unref'd so they never keep a process alive on their own.
 */
export function startJobs(
  opts: JobOptions & { intervalMs?: number },
): JobScheduler {
  const interval = opts.intervalMs ?? DEFAULT_JOB_INTERVAL_MS;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = runJobsOnce(opts).finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, interval);
  Deno.unrefTimer(timer);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
