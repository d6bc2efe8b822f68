/**
 * bench/api: `GET /api/availability` for a month (31 dates) at 50 connections
 * against `/healthz` (the same server's cheapest route) as the same-run
 * baseline, with the one-second micro-cache (ADR 0005) and without it (a
 * second app process on the same database, `AVAILABILITY_CACHE_MS=0`: a
 * database read per request, judged on the median of three rounds), and
 * `POST /api/quote` throughput.
 * Targets (SPEC §6, issue 15): availability p99 under 20 ms, cached and
 * uncached; quotes at least 0.5× the throughput of `/healthz` (median of
 * seven alternating rounds).
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import { round } from "../lib/stats.ts";
import {
  postJsonLua,
  rotatingPathsLua,
  wrk,
  type WrkResult,
} from "../lib/wrk.ts";
import { type BenchServer, startAppProcess } from "../lib/server.ts";
import { cpuTimes, stealPercent } from "../lib/steal.ts";
import { cpuSnapshot, cpuSpent } from "../lib/cpu.ts";

function line(r: WrkResult): string {
  return `${Math.round(r.rps)} req/s, p50 ${round(r.p50Ms)} ms, p99 ${
    round(r.p99Ms)
  } ms${r.errors ? `, ${r.errors} errors` : ""}`;
}

/**
 * Twelve different months starting one to twelve months ahead: requests
 * that share no read (ADR 0056 batches the reads of one range).
 */
export function twelveMonths(now = new Date()): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const from = new Date(now.getTime() + (30 * i + 21) * 86_400_000);
    const to = new Date(from.getTime() + 30 * 86_400_000);
    return `/api/availability?from=${from.toISOString().slice(0, 10)}&to=${
      to.toISOString().slice(0, 10)
    }`;
  });
}

/**
 * Alternating rounds of `/healthz` and quotes: seven short ones in the time
 * three long ones took. Within one run of three 5-second pairs the ratios
 * ranged from 0.40 to 0.79 (bench/README.md, session 9); the median of more
 * pairs is less at the mercy of one slow slice.
 */
const QUOTE_ROUNDS = 7;

/** Alternating rounds of the uncached case and its floor. */
const UNCACHED_ROUNDS = 3;

/** A month starting three weeks from `now` (inside the booking window). */
export function monthRange(now = new Date()): { from: string; to: string } {
  const from = new Date(now.getTime() + 21 * 86_400_000);
  const to = new Date(from.getTime() + 30 * 86_400_000);
  return {
    from: from.toISOString().slice(0, 10),
    to: to.toISOString().slice(0, 10),
  };
}

/** Runs the API cases against the app at `origin`. */
export async function benchApi(
  server: BenchServer,
  seconds: number,
): Promise<BenchRow[]> {
  const origin = server.origin;
  const { from, to } = monthRange();
  const availability = `${origin}/api/availability?from=${from}&to=${to}`;
  const check = await fetch(availability);
  const body = await check.json();
  if (!check.ok || body.dates?.length !== 31) {
    throw new Error(
      `availability answered ${check.status}: ${
        JSON.stringify(body).slice(0, 200)
      }`,
    );
  }
  for (const path of twelveMonths()) {
    const res = await fetch(`${origin}${path}`);
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    await res.body?.cancel();
  }
  const quote = {
    adults: 12,
    children: 2,
    proteins: { chicken: 10, steak: 10, lobster_tail: 8 },
    addons: { gyoza: 4 },
    zip: "94538",
    gratuityPercent: 20,
  };
  const q = await fetch(`${origin}/api/quote`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(quote),
  });
  if (!q.ok) throw new Error(`quote answered ${q.status}: ${await q.text()}`);
  await q.body?.cancel();

  await wrk(availability, { seconds: 2 });
  await wrk(`${origin}/api/quote`, { seconds: 2, lua: postJsonLua(quote) });
  const sql = server.db.db.sql;
  // The database's backends (both apps' pools) for CPU per request.
  const backends = async () =>
    (await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`)
      .map((r) => r.pid);
  /** wrk on `url` with the CPU time per request of `appPid` and PostgreSQL. */
  const measured = async (
    url: string,
    appPid: number,
    opts: { lua?: string; seconds?: number } = {},
  ) => {
    const before = cpuSnapshot([appPid, ...await backends()]);
    const r = await wrk(url, { seconds, ...opts });
    const after = cpuSnapshot([appPid, ...await backends()]);
    const app = after.get(appPid)! - before.get(appPid)!;
    const db = cpuSpent(before, after) - app;
    const per = (ms: number) => round(ms / Math.max(1, r.requests), 3);
    return {
      ...r,
      cpu: `CPU/request app ${per(app)} ms + PostgreSQL ${per(db)} ms`,
    };
  };
  // /healthz alone moved from 12,000 to 17,000 req/s between runs here:
  // alternate the pair and judge the median round's ratio (as /book). CPU
  // per request of the app shows what the ratio follows.
  type Measured = WrkResult & { cpu: string };
  const pairs: {
    health: Measured;
    quotes: Measured;
    ratio: number;
    steal: number | null;
  }[] = [];
  const roundSeconds = Math.max(2, Math.round(seconds * 3 / QUOTE_ROUNDS));
  for (let i = 0; i < QUOTE_ROUNDS; i++) {
    // The host's other guests take the CPU in bursts (bench/lib/steal.ts):
    // each round says how much of it they took, so a wild ratio reads as such.
    const before = cpuTimes();
    const health = await measured(`${origin}/healthz`, server.pid, {
      seconds: roundSeconds,
    });
    const quotes = await measured(`${origin}/api/quote`, server.pid, {
      lua: postJsonLua(quote),
      seconds: roundSeconds,
    });
    pairs.push({
      health,
      quotes,
      ratio: quotes.rps / health.rps,
      steal: stealPercent(before, cpuTimes()),
    });
  }
  const { health, quotes, ratio: quoteRatio } =
    [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(QUOTE_ROUNDS / 2)];
  const avail = await measured(availability, server.pid);
  const uncachedApp = await startAppProcess(server.db.url, {
    AVAILABILITY_CACHE_MS: "0",
  });
  // Rounds of the uncached case and its floor, alternating: on this shared
  // 2-core machine one 5-second p99 moves by several ms between back-to-back
  // runs (bench/README.md), so the median round's p99 is judged.
  const uncachedRounds: (WrkResult & { cpu: string })[] = [];
  const mixedRounds: (WrkResult & { cpu: string })[] = [];
  const floorRounds: (WrkResult & { cpu: string })[] = [];
  const mixed = { lua: rotatingPathsLua(twelveMonths()) };
  try {
    const url = `${uncachedApp.origin}/api/availability?from=${from}&to=${to}`;
    await wrk(url, { seconds: 2 });
    await wrk(`${uncachedApp.origin}/readyz`, { seconds: 2 });
    await wrk(uncachedApp.origin, { seconds: 2, ...mixed });
    for (let i = 0; i < UNCACHED_ROUNDS; i++) {
      uncachedRounds.push(await measured(url, uncachedApp.pid));
      mixedRounds.push(
        await measured(uncachedApp.origin, uncachedApp.pid, mixed),
      );
      // The least any uncached read costs here: the HTTP path and one
      // `select 1` through the pool (the readiness probe).
      floorRounds.push(
        await measured(`${uncachedApp.origin}/readyz`, uncachedApp.pid),
      );
    }
  } finally {
    await uncachedApp.stop();
  }
  const byP99 = (rs: (WrkResult & { cpu: string })[]) =>
    [...rs].sort((a, b) => a.p99Ms - b.p99Ms);
  const uncached = byP99(uncachedRounds)[Math.floor(UNCACHED_ROUNDS / 2)];
  const floor = byP99(floorRounds)[Math.floor(UNCACHED_ROUNDS / 2)];
  const mixedMedian = byP99(mixedRounds)[Math.floor(UNCACHED_ROUNDS / 2)];
  const p99s = (rs: WrkResult[]) =>
    rs.map((r) => `${round(r.p99Ms)}`).join(", ");
  return [
    {
      bench: "api",
      case: "baseline: GET /healthz, 50 connections",
      result: `${line(health)}; ${health.cpu}`,
      target: "",
      ok: null,
    },
    {
      bench: "api",
      case: "GET /api/availability, 31 days, 50 connections (micro-cache)",
      result: `${line(avail)}; ${
        round(health.rps / avail.rps, 1)
      }× slower than /healthz; ${avail.cpu}`,
      target: "p99 < 20 ms",
      ok: avail.p99Ms < 20 && avail.errors === 0,
    },
    {
      bench: "api",
      case:
        "GET /api/availability, 31 days, 50 connections, uncached (AVAILABILITY_CACHE_MS=0)",
      result: `${
        line(uncached)
      }; ${uncached.cpu} (median of ${UNCACHED_ROUNDS} rounds by p99: ${
        p99s(uncachedRounds)
      } ms)`,
      target: "p99 < 20 ms",
      ok: uncached.p99Ms < 20 &&
        uncachedRounds.every((r) => r.errors === 0),
    },
    {
      bench: "api",
      case:
        "GET /api/availability, twelve different months in turn, 50 connections, uncached",
      result: `${
        line(mixedMedian)
      }; ${mixedMedian.cpu} (median of ${UNCACHED_ROUNDS} rounds by p99: ${
        p99s(mixedRounds)
      } ms)`,
      target: "p99 < 20 ms",
      ok: mixedMedian.p99Ms < 20 && mixedRounds.every((r) => r.errors === 0),
    },
    {
      bench: "api",
      case:
        "floor of an uncached read: GET /readyz (HTTP + one `select 1`), 50 connections",
      result: `${line(floor)}; ${floor.cpu} (rounds: ${p99s(floorRounds)} ms)`,
      target: "",
      ok: null,
    },
    {
      bench: "api",
      case: "POST /api/quote (14 guests, premium, add-ons), 50 connections",
      result: `${line(quotes)}; ${quotes.cpu}; quote/healthz = ${
        round(quoteRatio)
      }× (median of ${QUOTE_ROUNDS} alternating rounds, CPU steal in brackets: ${
        pairs.map((p) =>
          `${round(p.ratio)}× [${
            p.steal === null ? "?" : `${Math.round(p.steal)}%`
          }]`
        ).join(", ")
      })`,
      target: "≥ 0.5× /healthz",
      ok: quoteRatio >= 0.5 && pairs.every((p) => p.quotes.errors === 0),
    },
  ];
}
