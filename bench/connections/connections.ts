/**
 * bench/connections (issue 15): 10,000 concurrent keep-alive connections on
 * the home page (served from the page cache) with no errors, and the server's
 * resident memory under 512 MB, read from /proc after the load (peak and
 * current). The baseline is the same load at 50 connections in the same run.
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import type { BenchServer } from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { wrk } from "../lib/wrk.ts";

const CONNECTIONS = 10_000;
const RSS_LIMIT_MB = 512;

async function memoryMb(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = (field: string) =>
    Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Runs the connection bench against `server`. */
export async function benchConnections(
  server: BenchServer,
  seconds: number,
): Promise<BenchRow[]> {
  const url = `${server.origin}/`;
  await wrk(url, { seconds: 2 });
  const base = await wrk(url, { seconds });
  const many = await wrk(url, {
    seconds: Math.max(seconds, 10),
    connections: CONNECTIONS,
    threads: 2,
  });
  const memory = await memoryMb(server.pid);
  return [
    {
      bench: "connections",
      case: "baseline: GET /, 50 connections",
      result: `${Math.round(base.rps)} req/s, p99 ${round(base.p99Ms)} ms`,
      target: "",
      ok: null,
    },
    {
      bench: "connections",
      case: `GET /, ${CONNECTIONS} keep-alive connections`,
      result: `${Math.round(many.rps)} req/s, p50 ${
        round(many.p50Ms)
      } ms, p99 ${round(many.p99Ms)} ms, ${many.errors} errors; server RSS ${
        Math.round(memory.rss)
      } MB (peak ${Math.round(memory.peak)} MB)`,
      target: `0 errors, RSS < ${RSS_LIMIT_MB} MB`,
      ok: many.errors === 0 && memory.peak < RSS_LIMIT_MB,
    },
  ];
}
