/**
 * Same-run A/B of the staff bookings list (ADR 0052): the app of two source
 * trees, each on its own database (migrated by that tree's migrations,
 * seeded, grown to 100,000 bookings by this tree's generator) in one
 * throwaway cluster, measured case by case in alternation (the order flips
 * every round), so the machine's load weighs on both alike. Per case and
 * tree: throughput, p50/p99 at 10 connections, and CPU per request of the
 * app process and of its database's backends.
 *
 *     git archive <commit> | tar -x -C /tmp/before && (cd /tmp/before && deno install)
 *     deno run -A bench/staff/ab.ts --seconds=5 --rounds=2 /tmp/before .
 *
 * @module
 */
import postgres from "postgres";
import { cpuSnapshot } from "../lib/cpu.ts";
import { round } from "../lib/stats.ts";
import { wrk } from "../lib/wrk.ts";
import { startCluster } from "../../tests/support/pg_cluster.ts";
import { accessToken } from "../../tests/staff/api_support.ts";
import { growBookings, LIST_CASES } from "./bookings_list.ts";

const CONNECTIONS = 10;

function arg(name: string): string | undefined {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

/** One tree's app and database. */
interface Side {
  label: string;
  origin: string;
  pid: number;
  token: string;
  sql: postgres.Sql;
  stop(): Promise<void>;
}

async function startSide(
  tree: string,
  admin: string,
  name: string,
): Promise<Side> {
  const root = new URL(`${Deno.realPathSync(tree)}/`, "file:///");
  const { createPreparedDatabase } = await import(
    new URL("tests/support/test_db.ts", root).href
  );
  const { startAppProcess } = await import(
    new URL("bench/lib/server.ts", root).href
  );
  const url: string = await createPreparedDatabase(admin, name, true);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await growBookings(sql, 100_000);
  const app = await startAppProcess(url);
  const token = await accessToken(
    { url: app.origin },
    "manager@myhibachi.example",
  );
  return {
    label: tree,
    origin: app.origin,
    pid: app.pid,
    token,
    sql,
    async stop() {
      await app.stop();
      await sql.end();
    },
  };
}

/** The app's and its database backends' CPU milliseconds per request. */
async function measure(side: Side, path: string, seconds: number) {
  const lua = `wrk.headers["Authorization"] = "Bearer ${side.token}"\n`;
  const check = await fetch(side.origin + path, {
    headers: { authorization: `Bearer ${side.token}` },
  });
  const body = await check.json();
  if (!check.ok) throw new Error(`${side.label} ${path}: ${check.status}`);
  // Warm-up at the measured concurrency, as bookings_list.ts does.
  await wrk(side.origin + path, { seconds: 2, lua, connections: CONNECTIONS });
  const pids = async () => [
    side.pid,
    ...(await side.sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`)
      .map((r) => r.pid),
  ];
  const before = cpuSnapshot(await pids());
  const r = await wrk(side.origin + path, {
    seconds,
    lua,
    connections: CONNECTIONS,
  });
  const after = cpuSnapshot(await pids());
  const app = after.get(side.pid)! - before.get(side.pid)!;
  let db = 0;
  for (const [pid, t] of after) {
    if (pid !== side.pid) db += t - (before.get(pid) ?? 0);
  }
  const per = (ms: number) => ms / Math.max(1, r.requests);
  return {
    rps: r.rps,
    p50: r.p50Ms,
    p99: r.p99Ms,
    app: per(app),
    db: per(db),
    items: body.items.length as number,
    errors: r.errors,
  };
}

if (import.meta.main) {
  const seconds = Number(arg("seconds") ?? 5);
  const rounds = Number(arg("rounds") ?? 2);
  const trees = Deno.args.filter((a) => !a.startsWith("--"));
  if (trees.length !== 2) {
    throw new Error("usage: bench/staff/ab.ts [--seconds=5] [--rounds=2] A B");
  }
  const cluster = await startCluster();
  const sides: Side[] = [];
  try {
    for (const [i, tree] of trees.entries()) {
      sides.push(await startSide(tree, cluster.url, `staff_ab_${i}`));
    }
    const lines: string[] = [];
    for (let n = 1; n <= rounds; n++) {
      for (const [name, path] of LIST_CASES) {
        const order = n % 2 ? sides : [...sides].reverse();
        for (const side of order) {
          const m = await measure(side, path, seconds);
          const load = Deno.loadavg()[0].toFixed(1);
          const line = `| ${n} | ${name} | ${side.label} | ${
            Math.round(m.rps)
          } req/s, p50 ${round(m.p50)} ms, p99 ${round(m.p99)} ms | ${
            round(m.app)
          } + ${round(m.db)} ms | ${m.items} | ${m.errors} | ${load} |`;
          console.log(line);
          lines.push(line);
        }
      }
    }
    console.log(
      [
        "",
        "| round | case | tree | latency (10 connections) | CPU/request app + PostgreSQL | items | errors | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...lines,
      ].join("\n"),
    );
  } finally {
    for (const side of sides) await side.stop();
    await cluster.stop();
  }
}
