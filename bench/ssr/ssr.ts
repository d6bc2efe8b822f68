/**
 * bench/ssr: the home page served by the app (framework, middleware, cached
 * twind styles) against bare preact-render-to-string of the same component
 * tree in a plain Deno.serve server (baseline_server.tsx), both measured with
 * wrk at 50 connections in the same run. Target (SPEC §6): the app within 2×
 * of the baseline's throughput and p99 under 10 ms. The home page is served
 * from the page cache (lib/http/page_cache.ts), so it is also compared with
 * a server answering constant bytes (constant_server.ts): issue 15 asks for
 * at least 0.8× of that. The booking wizard's first step (`GET /book`,
 * rendered per request) is compared with bare rendering of its tree: at
 * most 2× slower, judged on the median of three alternating rounds (the
 * baseline's row is that round's).
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import { freePort, spawnScript, waitForOk } from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { wrk, type WrkResult } from "../lib/wrk.ts";

/** Alternating baseline/app rounds of `/book`; the median ratio is judged. */
const BOOK_ROUNDS = 3;

function line(r: WrkResult): string {
  return `${Math.round(r.rps)} req/s, p50 ${round(r.p50Ms)} ms, p99 ${
    round(r.p99Ms)
  } ms${r.errors ? `, ${r.errors} errors` : ""}`;
}

/**
 * Starts constant_server.ts on `port` answering the home page of the app
 * at `origin` (its bytes fetched once); the caller kills it.
 */
export function spawnConstantServer(
  port: number,
  origin: string,
): Deno.ChildProcess {
  return spawnScript(
    new URL("./constant_server.ts", import.meta.url),
    [String(port), `${origin}/`],
  );
}

/** Runs the SSR comparison against the app at `origin`. */
export async function benchSsr(
  origin: string,
  seconds: number,
): Promise<BenchRow[]> {
  const constantPort = freePort();
  const constant = spawnConstantServer(constantPort, origin);
  const port = freePort();
  const baseline = spawnScript(
    new URL("./baseline_server.tsx", import.meta.url),
    [String(port)],
  );
  try {
    const base = `http://127.0.0.1:${port}/`;
    const fixed = `http://127.0.0.1:${constantPort}/`;
    await waitForOk(base);
    await waitForOk(fixed);
    await wrk(fixed, { seconds: 2 });
    // Warm both (JIT, twind cache) before measuring.
    await wrk(base, { seconds: 2 });
    await wrk(`${origin}/`, { seconds: 2 });
    // Each app case runs right after its baseline: the machine's load
    // drifts within a run, neighbours drift least.
    const constantRun = await wrk(fixed, { seconds });
    const app = await wrk(`${origin}/`, { seconds });
    const ofConstant = app.rps / constantRun.rps;
    const bare = await wrk(base, { seconds });
    const ratio = bare.rps / app.rps;
    await wrk(`${base}book`, { seconds: 2 });
    await wrk(`${origin}/book`, { seconds: 2 });
    // Both servers' throughput moves by up to 1.7× between back-to-back
    // windows on this shared machine (2026-12-03: the baseline read 1,728
    // and then 2,986 req/s): alternate the pair and judge the median round.
    const bookRounds: { bare: WrkResult; app: WrkResult; ratio: number }[] = [];
    for (let i = 0; i < BOOK_ROUNDS; i++) {
      const bare = await wrk(`${base}book`, { seconds });
      const app = await wrk(`${origin}/book`, { seconds });
      bookRounds.push({ bare, app, ratio: bare.rps / app.rps });
    }
    const byRatio = [...bookRounds].sort((a, b) => a.ratio - b.ratio);
    const median = byRatio[Math.floor(byRatio.length / 2)];
    const { bare: bareBook, app: appBook, ratio: bookRatio } = median;
    const rounds = bookRounds.map((r) => `${round(r.ratio)}×`).join(", ");
    return [
      {
        bench: "ssr",
        case: "baseline: constant bytes of the home page, Deno.serve",
        result: line(constantRun),
        target: "",
        ok: null,
      },
      {
        bench: "ssr",
        case: "GET / from the page cache vs constant bytes",
        result: `${line(app)}; app/constant = ${round(ofConstant)}×`,
        target: "≥ 0.8× constant",
        ok: ofConstant >= 0.8 && app.errors === 0,
      },
      {
        bench: "ssr",
        case: "baseline: bare preact-render-to-string, same tree, Deno.serve",
        result: line(bare),
        target: "",
        ok: null,
      },
      {
        bench: "ssr",
        case: "GET / (app, with styles), 50 connections",
        result: `baseline/app = ${round(ratio)}× (app p99 ${
          round(app.p99Ms)
        } ms)`,
        target: "≤ 2× baseline, p99 < 10 ms",
        ok: ratio <= 2 && app.p99Ms < 10 && app.errors === 0,
      },
      {
        bench: "ssr",
        case:
          "baseline: booking first step (/book tree), bare preact-render-to-string",
        result: line(bareBook),
        target: "",
        ok: null,
      },
      {
        bench: "ssr",
        case: "GET /book (dynamic booking step, app), 50 connections",
        result: `${line(appBook)}; baseline/app = ${
          round(bookRatio)
        }× (median of ${BOOK_ROUNDS} alternating rounds: ${rounds})`,
        target: "≤ 2× baseline",
        ok: bookRatio <= 2 && bookRounds.every((r) => r.app.errors === 0),
      },
    ];
  } finally {
    baseline.kill("SIGTERM");
    constant.kill("SIGTERM");
    await baseline.status;
    await constant.status;
  }
}
