/**
 * One line of the benchmark results table.
 *
 * @module
 */

/** A measured case, with its same-run baseline where there is one. */
export interface BenchRow {
  bench: string;
  case: string;
  /** Human-readable measurements, e.g. "12,345 req/s, p99 4.1 ms". */
  result: string;
  /** The SPEC §6 target, or "" when the case is informational. */
  target: string;
  /** Whether the target is met; null when there is no target. */
  ok: boolean | null;
}
