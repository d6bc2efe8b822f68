/**
 * Runtime metrics of this instance: memory and event-loop lag. The lag is
 * how late a repeating timer fires; a busy loop (a slow render, a sync
 * crypto call) delays every request on the instance by that much.
 *
 * @module
 */
import { Gauge } from "./registry.ts";

/** Samples event-loop lag; the background work starts and stops it. */
export class LoopLagMonitor {
  readonly #intervalMs: number;
  readonly #now: () => number;
  #expected = 0;
  #maxMs = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `now` in milliseconds (default `performance.now`). */
  constructor(intervalMs = 500, now: () => number = () => performance.now()) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Starts sampling. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#expected = this.#now() + this.#intervalMs;
    const timer = setInterval(() => this.tick(), this.#intervalMs);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One sample: called by the timer (and by tests with their own clock). */
  tick(): void {
    const now = this.#now();
    this.#maxMs = Math.max(this.#maxMs, now - this.#expected);
    this.#expected = now + this.#intervalMs;
  }

  /** The worst lag since the last call, in seconds; starts a new window. */
  takeMaxSeconds(): number {
    const max = this.#maxMs;
    this.#maxMs = 0;
    return Math.max(0, max) / 1000;
  }
}

/** Memory and loop-lag gauges of this instance. */
export function runtimeMetrics(lag: LoopLagMonitor): Gauge[] {
  const memory = Deno.memoryUsage();
  return [
    new Gauge(
      "process_resident_memory_bytes",
      "Resident memory of the process.",
    ).set({}, memory.rss),
    new Gauge("deno_heap_used_bytes", "V8 heap in use.")
      .set({}, memory.heapUsed),
    new Gauge(
      "event_loop_lag_max_seconds",
      "Worst event-loop lag since the previous scrape.",
    ).set({}, lag.takeMaxSeconds()),
  ];
}
