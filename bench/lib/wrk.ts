/**
 * Runs wrk (Debian's /usr/bin/wrk) against a loopback URL and parses its
 * throughput and latency percentiles.
 *
 * @module
 */
import { pinned, placement } from "./cpus.ts";

/** One wrk measurement. */
export interface WrkResult {
  url: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and non-2xx/3xx answers: a bench with errors is not a result. */
  errors: number;
  /** {@link errors} by kind, as wrk reports them. */
  errorKinds: WrkErrors;
}

/**
 * wrk's error counters: `connect` (connect() failed or the connection was
 * refused), `read`/`write` (the socket failed mid-request, e.g. reset by the
 * server), `timeout` (no answer within `--timeout`; wrk counts it, does not
 * include it in the latencies, and keeps the connection), `status` (an
 * answer outside 2xx/3xx).
 */
export interface WrkErrors {
  connect: number;
  read: number;
  write: number;
  timeout: number;
  status: number;
}

/** "connect 0, read 2, …" for a report; "none" without errors. */
export function describeErrors(e: WrkErrors): string {
  const parts = Object.entries(e).filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`);
  return parts.length ? parts.join(", ") : "none";
}

/** Options of {@link wrk}. */
export interface WrkOptions {
  connections?: number;
  seconds?: number;
  threads?: number;
  /** A Lua script (e.g. for POST bodies), written to a temp file. */
  lua?: string;
  /** Seconds before wrk counts a request as a timeout error (default 5). */
  timeoutSeconds?: number;
  /** Request headers (`-H`), e.g. the `Accept-Encoding` a browser sends. */
  headers?: Record<string, string>;
}

const UNIT_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
};

function toMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`wrk latency not understood: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** Parses wrk's `--latency` report. */
export function parseWrk(
  out: string,
): Omit<WrkResult, "url" | "connections" | "seconds"> {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out);
    if (!m) throw new Error(`wrk output lacks ${p}%:\n${out}`);
    return toMs(m[1]);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !total) throw new Error(`wrk output not understood:\n${out}`);
  const sock =
    /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
      .exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const errorKinds: WrkErrors = {
    connect: Number(sock?.[1] ?? 0),
    read: Number(sock?.[2] ?? 0),
    write: Number(sock?.[3] ?? 0),
    timeout: Number(sock?.[4] ?? 0),
    status: Number(non2xx?.[1] ?? 0),
  };
  return {
    requests: Number(total[1]),
    rps: Number(rps[1]),
    p50Ms: pct("50"),
    p99Ms: pct("99"),
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
  };
}

/** Loads `url` with wrk for `seconds` at `connections` and returns the numbers. */
export async function wrk(
  url: string,
  opts: WrkOptions = {},
): Promise<WrkResult> {
  const connections = opts.connections ?? 50;
  const seconds = opts.seconds ?? 10;
  const args = [
    `-t${opts.threads ?? placement().wrkThreads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    "--timeout",
    `${opts.timeoutSeconds ?? 5}s`,
    ...Object.entries(opts.headers ?? {}).flatMap(([name, value]) => [
      "-H",
      `${name}: ${value}`,
    ]),
  ];
  let script: string | null = null;
  if (opts.lua) {
    script = await Deno.makeTempFile({ suffix: ".lua" });
    await Deno.writeTextFile(script, opts.lua);
    args.push("-s", script);
  }
  try {
    // Many connections need many descriptors: raise the soft limit first.
    const run = pinned("load", "sh", [
      "-c",
      'ulimit -n "$(ulimit -Hn)"; exec /usr/bin/wrk "$@"',
      "wrk",
      ...args,
      url,
    ]);
    const out = await new Deno.Command(run.cmd, {
      args: run.args,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      throw new Error(`wrk failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return { url, connections, seconds, ...parseWrk(text) };
  } finally {
    if (script) await Deno.remove(script);
  }
}

/** A wrk Lua script that sends every request as a JSON POST of `body`. */
export function postJsonLua(body: unknown): string {
  const json = JSON.stringify(body).replaceAll("\\", "\\\\").replaceAll(
    '"',
    '\\"',
  );
  return `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = "${json}"\n`;
}

/** A wrk script that requests `paths` in turn, one after the other. */
export function rotatingPathsLua(paths: readonly string[]): string {
  const list = paths.map((p) => JSON.stringify(p)).join(", ");
  return `local paths = { ${list} }\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1])\nend\n`;
}
