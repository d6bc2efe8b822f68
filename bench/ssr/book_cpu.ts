/**
 * Server CPU per request of the booking wizard's first step (`GET /book`):
 * the app (`main.ts` with `deno task serve`'s flags on a seeded database, as
 * `bench/run.ts` starts it) against bare preact-render-to-string of the same
 * tree (`baseline_server.tsx`, as `bench/ssr` starts it), each loaded by wrk
 * in turn, rounds alternating. What counts is each server process's own CPU
 * time over its wrk window (`/proc/<pid>/stat`: all its threads, GC and
 * socket I/O included) divided by the requests wrk completed: a cost per
 * request that a shared machine's load moves far less than throughput.
 *
 *   deno run -A bench/ssr/book_cpu.ts [--seconds=4] [--rounds=5] [--ab=/path/to/other/checkout]
 *
 * `--ab` also starts the app of another checkout (its own `node_modules`,
 * e.g. `git worktree add /tmp/base <commit> && (cd /tmp/base && deno install)`)
 * on the same database and measures it in the same rounds: a before/after
 * comparison in one run. `BENCH_DENO_FLAGS` applies to the apps as in
 * `bench/run.ts` (e.g. a CPU profile).
 *
 * @module
 */
import { cpuMs } from "../lib/cpu.ts";
import {
  freePort,
  spawnScript,
  startAppProcess,
  startBenchServer,
  waitForOk,
} from "../lib/server.ts";
import { wrk } from "../lib/wrk.ts";

function arg(name: string): string | undefined {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

/** A server under test. */
interface Target {
  name: string;
  url: string;
  pid: number;
}

/** CPU µs per request of `t` over one wrk window, and its throughput. */
async function measure(
  t: Target,
  seconds: number,
): Promise<{ us: number; rps: number }> {
  const before = cpuMs(t.pid);
  const r = await wrk(t.url, { seconds });
  const spent = cpuMs(t.pid) - before;
  if (r.errors > 0) throw new Error(`${t.name}: ${r.errors} errors`);
  return { us: spent * 1000 / r.requests, rps: r.rps };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (import.meta.main) {
  const seconds = Number(arg("seconds") ?? 4);
  const rounds = Number(arg("rounds") ?? 5);
  const other = arg("ab");
  const server = await startBenchServer();
  const port = freePort();
  const baseline = spawnScript(
    new URL("./baseline_server.tsx", import.meta.url),
    [String(port)],
  );
  const otherApp = other
    ? await startAppProcess(server.db.url, {}, ["main.ts"], other)
    : null;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForOk(`${base}/book`);
    const targets: Target[] = [
      { name: "bare", url: `${base}/book`, pid: baseline.pid },
      { name: "app", url: `${server.origin}/book`, pid: server.pid },
      ...(otherApp
        ? [{ name: "other", url: `${otherApp.origin}/book`, pid: otherApp.pid }]
        : []),
    ];
    // Warm-up: JIT, twind's caches, the client build.
    for (const t of targets) await wrk(t.url, { seconds: 2 });
    const us = new Map(targets.map((t) => [t.name, [] as number[]]));
    const rps = new Map(targets.map((t) => [t.name, [] as number[]]));
    for (let r = 0; r < rounds; r++) {
      const line: string[] = [];
      for (const t of targets) {
        const m = await measure(t, seconds);
        us.get(t.name)!.push(m.us);
        rps.get(t.name)!.push(m.rps);
        line.push(`${t.name} ${m.us.toFixed(0)} µs (${Math.round(m.rps)}/s)`);
      }
      const [b, a] = [us.get("bare")!, us.get("app")!].map((x) => x.at(-1)!);
      console.log(
        `round ${r + 1}: ${line.join(", ")}; app/bare ${(a / b).toFixed(2)}×`,
      );
    }
    const m = (name: string) => median(us.get(name)!);
    console.log(
      `median CPU per request: ${
        targets.map((t) => `${t.name} ${m(t.name).toFixed(0)} µs`).join(", ")
      }; app/bare ${(m("app") / m("bare")).toFixed(2)}×${
        otherApp ? `, other/bare ${(m("other") / m("bare")).toFixed(2)}×` : ""
      } (load average ${Deno.loadavg()[0].toFixed(1)})`,
    );
  } finally {
    baseline.kill("SIGTERM");
    await baseline.status;
    await otherApp?.stop();
    await server.stop();
  }
}
