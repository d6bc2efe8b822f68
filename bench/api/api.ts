/**
 * bench/api: `GET /api/availability` for a month (31 dates) at 50 connections
 * against `/healthz` (the same server's cheapest route) as the same-run
 * baseline, and `POST /api/quote` throughput. Target (SPEC §6): availability
 * p99 under 20 ms.
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import { round } from "../lib/stats.ts";
import { postJsonLua, wrk, type WrkResult } from "../lib/wrk.ts";

function line(r: WrkResult): string {
  return `${Math.round(r.rps)} req/s, p50 ${round(r.p50Ms)} ms, p99 ${
    round(r.p99Ms)
  } ms${r.errors ? `, ${r.errors} errors` : ""}`;
}

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
  origin: string,
  seconds: number,
): Promise<BenchRow[]> {
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
  const health = await wrk(`${origin}/healthz`, { seconds });
  const avail = await wrk(availability, { seconds });
  const quotes = await wrk(`${origin}/api/quote`, {
    seconds,
    lua: postJsonLua(quote),
  });
  return [
    {
      bench: "api",
      case: "baseline: GET /healthz, 50 connections",
      result: line(health),
      target: "",
      ok: null,
    },
    {
      bench: "api",
      case: "GET /api/availability, 31 days, 50 connections",
      result: `${line(avail)}; ${
        round(health.rps / avail.rps, 1)
      }× slower than /healthz`,
      target: "p99 < 20 ms",
      ok: avail.p99Ms < 20 && avail.errors === 0,
    },
    {
      bench: "api",
      case: "POST /api/quote (14 guests, premium, add-ons), 50 connections",
      result: `${line(quotes)}; ${
        round(health.rps / quotes.rps, 1)
      }× slower than /healthz`,
      target: "",
      ok: quotes.errors === 0 ? null : false,
    },
  ];
}
