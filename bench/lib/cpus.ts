/**
 * Where a bench's processes run. On one machine the load generator (wrk)
 * competes with the server it measures: with both spread over two cores the
 * constant-bytes server itself shows a 17 ms p99 at 50 connections, which is
 * wrk's scheduling, not the server's. So by default wrk runs on the last
 * core alone (one thread) and every server under test (the app, the
 * constant-bytes and bare-Preact baselines) on the others: the shape of a
 * load generator on another machine. `BENCH_PIN=off` spreads everything as
 * before. PostgreSQL is not pinned.
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

/** The placement for `cores` CPUs, pinned unless `pin` is false. */
export function placementFor(cores: number, pin: boolean): Placement {
  if (!pin || cores < 2) return { server: null, load: null, wrkThreads: 2 };
  const last = cores - 1;
  return {
    server: last === 1 ? "0" : `0-${last - 1}`,
    load: String(last),
    wrkThreads: 1,
  };
}

/** This run's placement (`BENCH_PIN=off` unpins; Linux `taskset` required). */
export function placement(): Placement {
  return placementFor(
    navigator.hardwareConcurrency,
    Deno.env.get("BENCH_PIN") !== "off" && Deno.build.os === "linux",
  );
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
  return p.server
    ? `servers on CPU ${p.server}, wrk (${p.wrkThreads} thread) on CPU ${p.load}`
    : `unpinned, wrk ${p.wrkThreads} threads`;
}
