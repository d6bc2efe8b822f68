/**
 * Where a page-cache hit's time goes: the app (main.ts) and variants of it
 * that keep only some of a hit's per-request pieces (ablation_server.ts),
 * each measured right after the constant-bytes server (constant_server.ts)
 * in the same run, with wrk at 50 connections. Per variant: throughput,
 * p99, the ratio to the constant server measured just before it, and the
 * server's CPU time per 1,000 requests (bench/lib/cpu.ts).
 *
 *   deno run -A bench/ssr/ablation.ts [--seconds=5] [--rounds=2] [--variants=bare,booted,…,start]
 *
 * Extra environment for every variant: `ABLATION_ENV="LOG_LEVEL=silent …"`.
 *
 * @module
 */
import { freshTestDb } from "../../tests/support/test_db.ts";
import { cpuMs } from "../lib/cpu.ts";
import { describePlacement } from "../lib/cpus.ts";
import { spawnConstantServer } from "./ssr.ts";
import {
  type AppProcess,
  freePort,
  startAppProcess,
  waitForOk,
} from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { wrk, type WrkResult } from "../lib/wrk.ts";

const ALL = [
  "bare",
  "graph",
  "booted",
  "respond",
  "answer",
  "router",
  "framework",
  "start",
];

function arg(name: string): string | undefined {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

const seconds = Number(arg("seconds") ?? 5);
const rounds = Number(arg("rounds") ?? 2);
const variants = (arg("variants") ?? ALL.join(",")).split(",");
const extraEnv = Object.fromEntries(
  (Deno.env.get("ABLATION_ENV") ?? "").split(" ").filter(Boolean)
    .map((kv) => kv.split("=", 2) as [string, string]),
);

interface Sample {
  rps: number;
  p99Ms: number;
  ratio: number;
  cpuPerK: number;
  constCpuPerK: number;
}

/** Load `url` while counting `pid`'s CPU per 1,000 requests. */
async function measure(
  url: string,
  pid: number,
): Promise<{ r: WrkResult; cpuPerK: number }> {
  const before = cpuMs(pid);
  const r = await wrk(url, { seconds });
  return { r, cpuPerK: (cpuMs(pid) - before) / r.requests * 1000 };
}

const db = await freshTestDb({ seed: true });
const running = new Map<string, AppProcess>();
let constant: Deno.ChildProcess | null = null;
try {
  console.error(`placement: ${describePlacement()}`);
  const app = await startAppProcess(db.url, extraEnv);
  running.set("start", app);
  const constantPort = freePort();
  constant = spawnConstantServer(constantPort, app.origin);
  const fixed = `http://127.0.0.1:${constantPort}/`;
  await waitForOk(fixed);
  for (const v of variants) {
    if (running.has(v)) continue;
    running.set(
      v,
      await startAppProcess(db.url, { ...extraEnv, SOURCE: app.origin }, [
        new URL("./ablation_server.ts", import.meta.url).pathname,
        v,
      ]),
    );
  }
  // Warm every server (JIT) before measuring.
  await wrk(fixed, { seconds: 2 });
  for (const v of variants) {
    await wrk(`${running.get(v)!.origin}/`, { seconds: 2 });
  }
  const samples = new Map<string, Sample[]>(variants.map((v) => [v, []]));
  for (let i = 0; i < rounds; i++) {
    for (const v of variants) {
      const c = await measure(fixed, constant.pid);
      const p = running.get(v)!;
      const m = await measure(`${p.origin}/`, p.pid);
      const s = {
        rps: m.r.rps,
        p99Ms: m.r.p99Ms,
        ratio: m.r.rps / c.r.rps,
        cpuPerK: m.cpuPerK,
        constCpuPerK: c.cpuPerK,
      };
      samples.get(v)!.push(s);
      console.error(
        `${v}: ${Math.round(s.rps)} req/s (constant ${Math.round(c.r.rps)}), ${
          round(s.ratio)
        }×, p99 ${round(s.p99Ms)} ms, CPU ${round(s.cpuPerK)} ms/1k (constant ${
          round(s.constCpuPerK)
        })${m.r.errors ? `, ${m.r.errors} errors` : ""}`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `| variant | req/s | × constant (same run) | p99 ms | CPU ms / 1k req | constant CPU ms / 1k |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const v of variants) {
    const s = samples.get(v)!;
    console.log(
      `| ${v} | ${Math.round(mean(s.map((x) => x.rps)))} | ${
        s.map((x) => round(x.ratio)).join(" / ")
      } | ${s.map((x) => round(x.p99Ms)).join(" / ")} | ${
        round(mean(s.map((x) => x.cpuPerK)))
      } | ${round(mean(s.map((x) => x.constCpuPerK)))} |`,
    );
  }
} finally {
  for (const p of running.values()) await p.stop();
  if (constant) {
    constant.kill("SIGTERM");
    await constant.status;
  }
  await db.dispose();
}
