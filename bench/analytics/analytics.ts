/**
 * bench/analytics (issue 11): `GET /api/staff/analytics` for a year on a
 * database grown to 100,000 bookings (bench/staff's generator, triggers
 * off), as an admin (every location) and as a manager (RLS keeps Fremont).
 * Target: p99 under 200 ms at 4 connections (a report is a person's page
 * view, not a hot path). Baseline in the same run: `GET /healthz` at the
 * same concurrency. Also one timed CSV export of that year (no target).
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";
import type { BenchServer } from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { wrk } from "../lib/wrk.ts";
import { accessToken } from "../../tests/staff/api_support.ts";
import { growBookings } from "../staff/bookings_list.ts";

const TARGET_BOOKINGS = 100_000;
const CONNECTIONS = 4;
/** A year of the generated bookings (2020-01-01 + one day per 30 rows). */
const YEAR = "from=2025-01-01&to=2025-12-31";

/** Runs the analytics bench against `server`. */
export async function benchAnalytics(
  server: BenchServer,
  seconds: number,
): Promise<BenchRow[]> {
  const count = await growBookings(server.db.db.sql, TARGET_BOOKINGS);
  const tokens = {
    admin: await accessToken({ url: server.origin }, "admin@myhibachi.example"),
    manager: await accessToken(
      { url: server.origin },
      "manager@myhibachi.example",
    ),
  };
  const base = await wrk(`${server.origin}/healthz`, {
    seconds,
    connections: CONNECTIONS,
  });
  const rows: BenchRow[] = [{
    bench: "analytics",
    case: `baseline: GET /healthz, ${CONNECTIONS} connections`,
    result: `${Math.round(base.rps)} req/s, p99 ${round(base.p99Ms)} ms`,
    target: "",
    ok: null,
  }];
  const cases: [string, keyof typeof tokens, string][] = [
    [
      "a year, every location, as admin",
      "admin",
      `/api/staff/analytics?${YEAR}`,
    ],
    [
      "a year, Fremont, as admin",
      "admin",
      `/api/staff/analytics?${YEAR}&location=fremont`,
    ],
    [
      "a year, as manager (RLS: Fremont)",
      "manager",
      `/api/staff/analytics?${YEAR}`,
    ],
  ];
  for (const [name, who, path] of cases) {
    const headers = { authorization: `Bearer ${tokens[who]}` };
    const check = await fetch(`${server.origin}${path}`, { headers });
    const body = await check.json();
    if (!check.ok) {
      throw new Error(`${path}: ${check.status} ${JSON.stringify(body)}`);
    }
    const lua = `wrk.headers["Authorization"] = "Bearer ${tokens[who]}"\n`;
    await wrk(`${server.origin}${path}`, { seconds: 2, lua, connections: 2 });
    const r = await wrk(`${server.origin}${path}`, {
      seconds,
      lua,
      connections: CONNECTIONS,
    });
    const events = Object.values(
      body.bookingsByStatus as Record<string, number>,
    )
      .reduce((a, n) => a + n, 0);
    rows.push({
      bench: "analytics",
      case:
        `GET /api/staff/analytics, ${name} (${events} events of ${count} bookings)`,
      result: `${Math.round(r.rps)} req/s, p50 ${round(r.p50Ms)} ms, p99 ${
        round(r.p99Ms)
      } ms${r.errors ? `, ${r.errors} errors` : ""}`,
      target: "p99 < 200 ms",
      ok: r.requests > 0 && r.p99Ms < 200 && r.errors === 0,
    });
  }
  // One export of the year, timed end to end (streamed; no SPEC target).
  const started = performance.now();
  const res = await fetch(
    `${server.origin}/api/staff/exports/bookings.csv?${YEAR}`,
    { headers: { authorization: `Bearer ${tokens.admin}` } },
  );
  let lines = 0;
  for await (const chunk of res.body ?? []) {
    for (const b of chunk) if (b === 10) lines++;
  }
  rows.push({
    bench: "analytics",
    case: "GET /api/staff/exports/bookings.csv, a year, as admin (once)",
    result: `${res.status}, ${lines - 1} rows in ${
      round(performance.now() - started)
    } ms`,
    target: "",
    ok: null,
  });
  return rows;
}
