/**
 * Where a bench's processes run. On one machine the load generator (wrk)
 * competes with the server it measures: with both spread over two cores, wrk
 * (two threads) took the CPU the servers needed and capped every server near
 * the same throughput (the constant-bytes server at ~13,600 req/s, p99 17 ms;
 * confined to one core, wrk lets it reach ~28,000 req/s, p99 4 ms). So by
 * default wrk runs with one thread on the last core and the servers under
 * test may use every core (`BENCH_PIN=wrk`); `split` also keeps the servers
 * off wrk's core, `off` confines nothing (the runs before 2026-12-02 16:00).
 * PostgreSQL is never confined.
 *
 * @module
 */

/** Which processes a pinned command is for. */
export type Role = "server" | "load";

/** The CPU placement of this run. */
export interface Placement {
  /** `taskset -c` list for servers, or null when unpinned. */
  server: string | null;
  /** `taskset -c` list for the load generator, or null when unpinned. */
  load: string | null;
  /** wrk threads: one per core it may use. */
  wrkThreads: number;
}

/**
 * How processes are placed: `split` gives wrk the last core and the servers
 * the others; `wrk` confines wrk to the last core and lets the servers use
 * every core (their GC and I/O threads too); `off` confines nothing.
 */
export type PinMode = "split" | "wrk" | "off";

/** The placement for `cores` CPUs in `mode`. */
export function placementFor(cores: number, mode: PinMode): Placement {
  if (mode === "off" || cores < 2) {
    return { server: null, load: null, wrkThreads: 2 };
  }
  const last = cores - 1;
  return {
    server: mode === "wrk" ? null : last === 1 ? "0" : `0-${last - 1}`,
    load: String(last),
    wrkThreads: 1,
  };
}

/**
 * This run's placement: `wrk` unless `BENCH_PIN` says `split` or `off`
 * (Linux `taskset` required). Confining wrk alone is the default: `split`
 * also takes the servers' GC and I/O threads off the second core, which
 * weighs on the app more than on the single-threaded baselines.
 */
export function placement(): Placement {
  const asked = Deno.env.get("BENCH_PIN");
  const mode: PinMode = Deno.build.os !== "linux"
    ? "off"
    : asked === "off" || asked === "split"
    ? asked
    : "wrk";
  return placementFor(navigator.hardwareConcurrency, mode);
}

/** `cmd args` run on the role's CPUs: through `taskset` when pinned. */
export function pinned(
  role: Role,
  cmd: string,
  args: string[],
): { cmd: string; args: string[] } {
  const cpus = role === "server" ? placement().server : placement().load;
  return cpus ? { cmd: "taskset", args: ["-c", cpus, cmd, ...args] } : {
    cmd,
    args,
  };
}

/** One line for a report: how the processes were placed. */
export function describePlacement(p: Placement = placement()): string {
  if (!p.load) return `unpinned, wrk ${p.wrkThreads} threads`;
  const wrk = `wrk (${p.wrkThreads} thread) on CPU ${p.load}`;
  return p.server
    ? `servers on CPU ${p.server}, ${wrk}`
    : `servers on any CPU, ${wrk}`;
}
