/**
 * CPU steal from /proc/stat (Linux): the time the hypervisor ran other
 * guests while this machine's CPUs had work. This machine is a VM on a
 * shared host; when its neighbours get busy the same code runs several times
 * slower (a `/healthz` baseline read 2,726 instead of ~14,000 req/s in one
 * run), and a latency target fails for a reason outside the code. The
 * report prints the steal of each bench so such a run reads as what it is.
 *
 * @module
 */

/** Aggregate CPU time counters of all CPUs, in clock ticks. */
export interface CpuTimes {
  /** Every state's ticks (user … steal). */
  total: number;
  /** Ticks stolen by the hypervisor. */
  steal: number;
}

/**
 * The `cpu` line of /proc/stat's `text`: user, nice, system, idle, iowait,
 * irq, softirq, steal (guest time is already counted in user). Null when
 * the line is missing or has no steal column (kernels before 2.6.11).
 */
export function parseCpuTimes(text: string): CpuTimes | null {
  const line = text.split("\n").find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return null;
  return { total: ticks.reduce((a, b) => a + b, 0), steal: ticks[7] };
}

/** This machine's counters now, or null where /proc/stat cannot be read. */
export function cpuTimes(): CpuTimes | null {
  try {
    return parseCpuTimes(Deno.readTextFileSync("/proc/stat"));
  } catch {
    return null;
  }
}

/** Percent of CPU time stolen between two readings (null when unknown). */
export function stealPercent(
  before: CpuTimes | null,
  after: CpuTimes | null,
): number | null {
  if (!before || !after) return null;
  const total = after.total - before.total;
  if (total <= 0) return null;
  // Some hypervisors' steal counter steps back: never a negative share.
  return Math.max(0, (100 * (after.steal - before.steal)) / total);
}
