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
import { expireUnpaidBookings } from "./expire_bookings.ts";
import { cleanupExpiredHolds } from "./cleanup_holds.ts";
import {
  OUTBOX_INTERVAL_MS,
  startOutboxWorker,
} from "../notifications/worker.ts";

/** Default interval between ticks: one minute. */
export const DEFAULT_JOB_INTERVAL_MS = 60_000;

/** How often the marketing pages' prices are re-read from the database. */
export const SITE_CATALOG_REFRESH_MS = 30_000;

/** Options of {@link runJobsOnce} and {@link startJobs}. */
export interface JobOptions {
  /** The database (default: the process-wide `getDb()`). */
  db: () => Promise<Db>;
  /** Clock seam for tests; default `new Date()`. */
  now?: () => Date;
}

/** What one tick did. */
export interface TickResult {
  expiredBookings: number;
  deletedHolds: number;
  errors: string[];
}

/** Runs every job once at `now()`. Never throws: failures are logged and returned. */
export async function runJobsOnce(opts: JobOptions): Promise<TickResult> {
  const now = (opts.now ?? (() => new Date()))();
  const result: TickResult = {
    expiredBookings: 0,
    deletedHolds: 0,
    errors: [],
  };
  let db: Db;
  try {
    db = await opts.db();
  } catch (err) {
    result.errors.push(`database: ${describeError(err).message}`);
    log("error", {
      msg: "jobs: database unavailable",
      error: describeError(err),
    });
    return result;
  }
  const jobs: [string, () => Promise<void>][] = [
    ["expire_unpaid_bookings", async () => {
      const expired = await expireUnpaidBookings(db, now);
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
  ];
  for (const [name, run] of jobs) {
    try {
      await run();
      jobRuns.inc({ job: name, outcome: "ok" });
    } catch (err) {
      jobRuns.inc({ job: name, outcome: "error" });
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

/** False when env `JOBS=off` (e.g. load tests, or a dedicated worker runs them). */
export function jobsEnabled(
  get: (name: string) => string | undefined = (n) => Deno.env.get(n),
): boolean {
  return (get("JOBS") ?? "").trim().toLowerCase() !== "off";
}

/**
 * The server entry points' one call (main.ts, dev.ts): starts the jobs on the
 * process-wide database unless `JOBS=off` or this is a `build` run, plus the
 * notification outbox worker (every `OUTBOX_INTERVAL_MS`, 10 s by default).
 * Returns null when not started.
 */
export async function startServerJobs(): Promise<JobScheduler | null> {
  if (!jobsEnabled() || Deno.args.includes("build")) return null;
  const { getDb } = await import("../db/mod.ts");
  const intervalMs = Number(Deno.env.get("JOBS_INTERVAL_MS")) ||
    DEFAULT_JOB_INTERVAL_MS;
  const jobs = startJobs({ db: getDb, intervalMs });
  const outbox = startOutboxWorker({
    db: getDb,
    intervalMs: Number(Deno.env.get("OUTBOX_INTERVAL_MS")) ||
      OUTBOX_INTERVAL_MS,
  });
  // Prices shown by the synchronous marketing pages follow admin edits.
  const { loadSiteCatalog } = await import("../site/pricing.ts");
  const refresh = () => void loadSiteCatalog({ db: getDb });
  refresh();
  const catalogTimer = setInterval(refresh, SITE_CATALOG_REFRESH_MS);
  Deno.unrefTimer(catalogTimer);
  return {
    async stop() {
      clearInterval(catalogTimer);
      await Promise.all([jobs.stop(), outbox.stop()]);
    },
  };
}
