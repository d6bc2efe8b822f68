/**
 * Small statistics helpers shared by the benchmarks.
 *
 * @module
 */

/** The p-th percentile (0–100) of an ascending array, nearest-rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, i))];
}

/** Latency summary in milliseconds of a list of samples (any order). */
export function summarize(samplesMs: number[]): {
  n: number;
  p50: number;
  p99: number;
  max: number;
} {
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    max: s.at(-1) ?? NaN,
  };
}

/** Rounds for a results table. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
