/**
 * bench/connections (issue 15): 10,000 concurrent keep-alive connections on
 * the home page (served from the page cache) with no errors, and the server's
 * resident memory under 512 MB. The baseline is the same page at 50
 * connections in the same run.
 *
 * What makes the numbers honest:
 * - both wrk and the server run with the open-file soft limit raised to the
 *   hard one (bench/lib/wrk.ts, bench/lib/server.ts), and the bench refuses
 *   to run when either would stay below the connections it needs;
 * - the 10,000 connections send what a browser sends (`Accept-Encoding`),
 *   so they get the compressed page a browser gets; the same load without
 *   it (identity bytes) is reported on its own row;
 * - wrk's timeout is 10 s (a page a visitor would still wait for), errors
 *   are reported by kind, and the latencies are of the answered requests;
 * - the server's RSS is sampled from /proc/<pid>/status every 100 ms during
 *   each load (the highest sample is that load's peak; VmHWM is the process
 *   peak since start), and its RSS before the load is reported next to it.
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import type { BenchServer } from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { describeErrors, wrk, type WrkResult } from "../lib/wrk.ts";

const CONNECTIONS = 10_000;
const RSS_LIMIT_MB = 512;
const TIMEOUT_SECONDS = 10;
/** What Chromium sends. */
const BROWSER_HEADERS = { "Accept-Encoding": "gzip, deflate, br, zstd" };

interface Memory {
  rssMb: number;
  hwmMb: number;
}

async function memory(pid: number): Promise<Memory> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = (field: string) =>
    Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/** The open-file soft limit of a running process. */
async function openFileLimit(pid: number): Promise<number> {
  const limits = await Deno.readTextFile(`/proc/${pid}/limits`);
  return Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 0);
}

/** The hard limit wrk's shell raises its soft limit to. */
async function clientFileLimit(): Promise<number> {
  const out = await new Deno.Command("sh", {
    args: ["-c", "ulimit -Hn"],
    stdout: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  return text === "unlimited" ? Infinity : Number(text);
}

/** System-wide TcpExt ListenOverflows (accept queue full: a SYN or ACK dropped, the client retries). */
async function listenOverflows(): Promise<number> {
  const lines = (await Deno.readTextFile("/proc/net/netstat")).split("\n")
    .filter((l) => l.startsWith("TcpExt:"));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf("ListenOverflows")] ?? 0);
}

/** Runs `load` while sampling the server's RSS; returns its result and the highest sample. */
async function sampled<T>(
  pid: number,
  load: () => Promise<T>,
): Promise<{ result: T; peakMb: number; overflows: number }> {
  let peakMb = (await memory(pid)).rssMb;
  const overflowsBefore = await listenOverflows();
  const timer = setInterval(async () => {
    const m = await memory(pid).catch(() => null);
    if (m && m.rssMb > peakMb) peakMb = m.rssMb;
  }, 100);
  try {
    const result = await load();
    peakMb = Math.max(peakMb, (await memory(pid)).rssMb);
    return {
      result,
      peakMb,
      overflows: await listenOverflows() - overflowsBefore,
    };
  } finally {
    clearInterval(timer);
  }
}

function describe(
  r: WrkResult,
  beforeMb: number,
  peakMb: number,
  overflows: number,
): string {
  return `${Math.round(r.rps)} req/s, p50 ${round(r.p50Ms)} ms, p99 ${
    round(r.p99Ms)
  } ms; errors: ${describeErrors(r.errorKinds)}; server RSS ${
    Math.round(beforeMb)
  } MB before, peak ${
    Math.round(peakMb)
  } MB; listen-queue overflows ${overflows}`;
}

/** Runs the connection bench against `server`. */
export async function benchConnections(
  server: BenchServer,
  seconds: number,
): Promise<BenchRow[]> {
  const [serverLimit, clientLimit] = [
    await openFileLimit(server.pid),
    await clientFileLimit(),
  ];
  if (Math.min(serverLimit, clientLimit) < CONNECTIONS + 100) {
    throw new Error(
      `open-file limits too low for ${CONNECTIONS} connections: server ${serverLimit}, wrk ${clientLimit} (raise the hard limit)`,
    );
  }
  const url = `${server.origin}/`;
  await wrk(url, { seconds: 2, headers: BROWSER_HEADERS });
  const base = await wrk(url, { seconds, headers: BROWSER_HEADERS });
  const load = (headers: Record<string, string>) => () =>
    wrk(url, {
      seconds: Math.max(seconds, 10),
      connections: CONNECTIONS,
      threads: 2,
      timeoutSeconds: TIMEOUT_SECONDS,
      headers,
    });
  const rows: BenchRow[] = [{
    bench: "connections",
    case: "baseline: GET /, 50 connections (browser Accept-Encoding)",
    result: `${Math.round(base.rps)} req/s, p99 ${round(base.p99Ms)} ms`,
    target: "",
    ok: null,
  }];
  for (
    const [label, headers] of [
      ["browser Accept-Encoding (brotli page)", BROWSER_HEADERS],
      ["no Accept-Encoding (identity page)", {}],
    ] as const
  ) {
    const before = (await memory(server.pid)).rssMb;
    const { result, peakMb, overflows } = await sampled(
      server.pid,
      load(headers),
    );
    rows.push({
      bench: "connections",
      case:
        `GET /, ${CONNECTIONS} keep-alive connections, ${label}, wrk timeout ${TIMEOUT_SECONDS} s`,
      result: describe(result, before, peakMb, overflows),
      target: `0 errors, RSS < ${RSS_LIMIT_MB} MB`,
      ok: result.errors === 0 && result.requests > 0 && peakMb < RSS_LIMIT_MB,
    });
  }
  const end = await memory(server.pid);
  rows.push({
    bench: "connections",
    case: "server process peak RSS since start (VmHWM)",
    result: `${
      Math.round(end.hwmMb)
    } MB (open-file limits: server ${serverLimit}, wrk ${clientLimit})`,
    target: "",
    ok: null,
  });
  return rows;
}
