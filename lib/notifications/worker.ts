/**
 * Runs the outbox in the server process: every `intervalMs` (10 s) and
 * right away when {@link OutboxWorker.wake} is called (e.g. after a booking
 * commits), never two runs at once in one process. Other instances run
 * their own worker; `skip locked` keeps them apart.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { log } from "../observability/log.ts";
import { describeError } from "../observability/errors.ts";
import { drainOutbox, type OutboxOptions } from "./outbox.ts";

/** Default interval between outbox runs. */
export const OUTBOX_INTERVAL_MS = 10_000;

/** A running outbox worker. */
export interface OutboxWorker {
  /** Runs now (or right after the current run). */
  wake(): void;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/**
 * Starts the worker. Timers are unref'd so they never keep a process alive on their own.
 */
export function startOutboxWorker(
  opts: OutboxOptions & { db: Db; intervalMs?: number },
): OutboxWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const pass = async () => {
    try {
      const result = await drainOutbox(opts.db, opts);
      if (result.claimed > 0) {
        log("info", { msg: "notifications: outbox run", ...result });
      }
    } catch (err) {
      log("error", {
        msg: "notifications: outbox run failed",
        error: describeError(err),
      });
    }
  };
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        tick();
      }
    });
  };
  const timer = setInterval(tick, opts.intervalMs ?? OUTBOX_INTERVAL_MS);
  Deno.unrefTimer(timer);
  const worker: OutboxWorker = {
    wake: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
  tick();
  return worker;
}
