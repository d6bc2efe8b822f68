/**
 * bench/staff (issue 10): `GET /api/staff/bookings` (a page of 50, with
 * filters) as a manager, on a database grown to 100,000 bookings. Target:
 * p99 under 50 ms at 10 connections (latency, not saturation). Baseline in
 * the same run: `GET /healthz` at the same concurrency.
 *
 * The generated bookings are written straight into the table with triggers
 * off (`session_replication_role = replica`): the bench measures reading
 * them, and capacity rules would stop 100,000 bookings fitting in the slots.
 *
 * @module
 */
import { cpuSnapshot, cpuSpent } from "../lib/cpu.ts";
import { cpuTimes, stealPercent } from "../lib/steal.ts";
import type { BenchRow } from "../lib/result.ts";
import type { BenchServer } from "../lib/server.ts";
import { round } from "../lib/stats.ts";
import { wrk } from "../lib/wrk.ts";
import { accessToken } from "../../tests/staff/api_support.ts";

const TARGET_BOOKINGS = 100_000;
const CONNECTIONS = 10;

/** The measured requests: a name and a path, each a page of 50 as a manager. */
export const LIST_CASES: readonly (readonly [string, string])[] = [
  ["first page, no filter", "/api/staff/bookings?limit=50"],
  [
    "confirmed at Fremont in 2026",
    "/api/staff/bookings?status=confirmed&location=fremont&from=2026-01-01&to=2026-12-31&limit=50",
  ],
  [
    "search by customer name",
    "/api/staff/bookings?q=Bench%20Customer%20123&limit=50",
  ],
  ["search by phone", "/api/staff/bookings?q=510-555-0123&limit=50"],
  [
    "unassigned from 2026",
    "/api/staff/bookings?chef=none&from=2026-01-01&limit=50",
  ],
];

/** Adds generated customers and bookings until the table holds `total`. */
export async function growBookings(
  sql: BenchServer["db"]["db"]["sql"],
  total: number,
): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.bookings`;
  const missing = Math.max(0, total - n);
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into public.customers (email, name, phone)
      select 'bench' || g || '@example.com', 'Bench Customer ' || g,
             '510-555-' || lpad((g % 10000)::text, 4, '0')
      from generate_series(1, 20000) g
      on conflict (email) do nothing`;
    await tx`
      with loc as (
        select id, row_number() over (order by slug) - 1 as i,
               count(*) over () as n
        from public.locations),
      cust as (
        select id, row_number() over (order by email) - 1 as i
        from public.customers where email::text like 'bench%@example.com')
      insert into public.bookings (
        reference, status, location_id, event_date, slot_time, adults,
        address_line1, city, state, zip, customer_id, quote, total_cents,
        deposit_cents, manage_token_hash, payment_method, created_at)
      select
        'MH-Z' || lpad(upper(to_hex(g)), 5, '0'),
        (array['pending_deposit', 'confirmed', 'completed', 'cancelled',
               'expired', 'no_show', 'cancellation_requested'])[1 + g % 7],
        loc.id,
        date '2020-01-01' + (g / 30),
        (array['12:00', '15:00', '18:00', '21:00'])[1 + g % 4],
        2 + g % 20,
        g || ' Bench Street', 'Fremont', 'CA', '94536',
        cust.id, '{}'::jsonb, 60000 + g % 50000, 10000,
        encode(extensions.digest('bench-' || g, 'sha256'), 'hex'),
        (array['card', 'zelle', 'venmo'])[1 + g % 3],
        timestamptz '2020-01-01' + (g || ' minutes')::interval
      from generate_series(1, ${missing}) g
      join loc on loc.i = g % loc.n
      join cust on cust.i = g % 20000
      on conflict do nothing`;
  });
  // Vacuumed as well as analyzed: otherwise autovacuum takes up the 100,000
  // new rows (and the first reads set their hint bits) during the first
  // case, which then measures that work instead of the list.
  await sql`vacuum analyze public.bookings`;
  await sql`vacuum analyze public.customers`;
  const [{ after }] = await sql<{ after: number }[]>`
    select count(*)::int as after from public.bookings`;
  return after;
}

/** Runs the bookings-list bench against `server`. */
export async function benchStaffList(
  server: BenchServer,
  seconds: number,
): Promise<BenchRow[]> {
  const count = await growBookings(server.db.db.sql, TARGET_BOOKINGS);
  const token = await accessToken(
    { url: server.origin },
    "manager@myhibachi.example",
  );
  const lua = `wrk.headers["Authorization"] = "Bearer ${token}"\n`;
  const base = await wrk(`${server.origin}/healthz`, {
    seconds,
    connections: CONNECTIONS,
  });
  const rows: BenchRow[] = [{
    bench: "staff",
    case: `baseline: GET /healthz, ${CONNECTIONS} connections`,
    result: `${Math.round(base.rps)} req/s, p99 ${round(base.p99Ms)} ms`,
    target: "",
    ok: null,
  }];
  const sql = server.db.db.sql;
  // The app and this database's backends (the app's pool), for CPU/request.
  const pids = async () => [
    server.pid,
    ...(await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`)
      .map((r) => r.pid),
  ];
  for (const [name, path] of LIST_CASES) {
    const check = await fetch(`${server.origin}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await check.json();
    if (!check.ok) {
      throw new Error(`${path}: ${check.status} ${JSON.stringify(body)}`);
    }
    // A real page: what every request of the case answers.
    const items = body.items.length;
    if (items === 0) throw new Error(`${path}: an empty page measures nothing`);
    // Warm-up at the measured concurrency: each of the app's pooled
    // connections then has the case's prepared statement and generic plan
    // (and the RLS helpers' plans), as a server that has been running has.
    await wrk(`${server.origin}${path}`, {
      seconds: 2,
      lua,
      connections: CONNECTIONS,
    });
    const before = cpuSnapshot(await pids());
    const machine = cpuTimes();
    const r = await wrk(`${server.origin}${path}`, {
      seconds,
      lua,
      connections: CONNECTIONS,
    });
    // A latency target fails when the host takes the CPU (bench/lib/steal.ts).
    const steal = stealPercent(machine, cpuTimes());
    const after = cpuSnapshot(await pids());
    const app = after.get(server.pid)! - before.get(server.pid)!;
    const db = cpuSpent(before, after) - app;
    const perRequest = (ms: number) => round(ms / Math.max(1, r.requests));
    rows.push({
      bench: "staff",
      case:
        `GET /api/staff/bookings, ${name} (${count} bookings, ${items} items${
          body.nextCursor ? " + cursor" : ""
        })`,
      result: `${Math.round(r.rps)} req/s, p50 ${round(r.p50Ms)} ms, p99 ${
        round(r.p99Ms)
      } ms; CPU/request app ${perRequest(app)} ms + PostgreSQL ${
        perRequest(db)
      } ms; CPU steal ${steal === null ? "unknown" : `${Math.round(steal)}%`}${
        r.errors ? `, ${r.errors} errors` : ""
      }`,
      target: "p99 < 50 ms",
      ok: r.requests > 0 && r.p99Ms < 50 && r.errors === 0,
    });
  }
  return rows;
}
