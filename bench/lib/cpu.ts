/**
 * CPU time of processes from /proc (Linux), for a cost per request that a
 * shared machine's load changes far less than latency: user + system time
 * of the app server and of the database's backends while a case runs.
 *
 * @module
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) of `pid` so far, or 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // Fields after the command name (which may hold spaces) in parentheses.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 1000 / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU milliseconds per process id, for the ids in `pids`. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuMs(pid)]));
}

/**
 * CPU milliseconds spent between two snapshots: a process only in `after`
 * started in between, so all of its time counts.
 */
export function cpuSpent(
  before: Map<number, number>,
  after: Map<number, number>,
): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}
