/**
 * bench/ssr: the home page served by the app (framework, middleware, cached
 * twind styles) against bare preact-render-to-string of the same component
 * tree in a plain Deno.serve server (baseline_server.tsx), both measured with
 * wrk at 50 connections in the same run. Target (SPEC §6): the app within 2×
 * of the baseline's throughput and p99 under 10 ms.
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import { freePort, waitForOk } from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { wrk } from "../lib/wrk.ts";

/** Runs the SSR comparison against the app at `origin`. */
export async function benchSsr(
  origin: string,
  seconds: number,
): Promise<BenchRow[]> {
  const port = freePort();
  const baseline = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./baseline_server.tsx", import.meta.url).pathname,
      String(port),
    ],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  try {
    const base = `http://127.0.0.1:${port}/`;
    await waitForOk(base);
    // Warm both (JIT, twind cache) before measuring.
    await wrk(base, { seconds: 2 });
    await wrk(`${origin}/`, { seconds: 2 });
    const bare = await wrk(base, { seconds });
    const app = await wrk(`${origin}/`, { seconds });
    const ratio = bare.rps / app.rps;
    return [
      {
        bench: "ssr",
        case: "baseline: bare preact-render-to-string, same tree, Deno.serve",
        result: `${Math.round(bare.rps)} req/s, p50 ${
          round(bare.p50Ms)
        } ms, p99 ${round(bare.p99Ms)} ms${
          bare.errors ? `, ${bare.errors} errors` : ""
        }`,
        target: "",
        ok: null,
      },
      {
        bench: "ssr",
        case: "GET / (app, with styles), 50 connections",
        result: `${Math.round(app.rps)} req/s, p50 ${
          round(app.p50Ms)
        } ms, p99 ${round(app.p99Ms)} ms; baseline/app = ${round(ratio)}×${
          app.errors ? `, ${app.errors} errors` : ""
        }`,
        target: "≤ 2× baseline, p99 < 10 ms",
        ok: ratio <= 2 && app.p99Ms < 10 && app.errors === 0,
      },
    ];
  } finally {
    baseline.kill("SIGTERM");
    await baseline.status;
  }
}
