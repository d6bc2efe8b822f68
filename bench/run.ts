/**
 * `deno task bench`: starts a seeded PostgreSQL database and the app
 * (`deno run -A main.ts`, RATE_LIMITS=off, JOBS=off) on loopback, runs every
 * benchmark with its same-run baseline, prints a Markdown results table and
 * writes it to bench/results.md.
 *
 *   deno task bench [--seconds=10] [--only=ssr,api,size,assistant,insights,lighthouse,connections,staff,analytics,db]
 *
 * bench/realtime (engineer F) runs on its own: see bench/README.md.
 *
 * @module
 */
import { benchAnalytics } from "./analytics/analytics.ts";
import { benchApi } from "./api/api.ts";
import { benchConnections } from "./connections/connections.ts";
import { benchLighthouse } from "./lighthouse/lighthouse.ts";
import { benchAssistant } from "./assistant/assistant.ts";
import { benchInsights } from "./insights/insights.ts";
import { benchDb } from "./db/db.ts";
import type { BenchRow } from "./lib/result.ts";
import { startBenchServer } from "./lib/server.ts";
import { describePlacement } from "./lib/cpus.ts";
import { cpuTimes, stealPercent } from "./lib/steal.ts";
import { freshTestDb } from "../tests/support/test_db.ts";
import { benchSize } from "./size/size.ts";
import { benchSsr } from "./ssr/ssr.ts";
import { benchStaffList } from "./staff/bookings_list.ts";

function arg(name: string): string | undefined {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

const seconds = Number(arg("seconds") ?? 10);
const only = new Set(
  (arg("only") ??
    "ssr,api,size,assistant,insights,lighthouse,connections,staff,analytics,db")
    .split(","),
);

/** The machine, for the README. */
async function machine(): Promise<string> {
  const cpu = (await Deno.readTextFile("/proc/cpuinfo").catch(() => ""))
    .match(/model name\s*:\s*(.+)/)?.[1] ?? "unknown CPU";
  const load = Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  return `${navigator.hardwareConcurrency} × ${cpu}, ${
    Math.round(Deno.systemMemoryInfo().total / 2 ** 30)
  } GiB, Deno ${Deno.version.deno}, load average before run ${load}`;
}

function table(rows: BenchRow[]): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  return [
    "| bench | case | result | target | met |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) =>
      `| ${r.bench} | ${cell(r.case)} | ${cell(r.result)} | ${
        cell(r.target)
      } | ${r.ok === null ? "" : r.ok ? "PASS" : "**FAIL**"} |`
    ),
  ].join("\n");
}

if (import.meta.main) {
  const about = await machine();
  const started = new Date().toISOString();
  console.error(`starting seeded database and app server…`);
  const server = await startBenchServer();
  const rows: BenchRow[] = [];
  const steal: string[] = [];
  /** Runs bench `name` when selected, noting the CPU steal while it ran. */
  const run = async (name: string, bench: () => Promise<BenchRow[]>) => {
    if (!only.has(name)) return;
    const before = cpuTimes();
    rows.push(...await bench());
    const share = stealPercent(before, cpuTimes());
    steal.push(
      `${name} ${share === null ? "unknown" : `${share.toFixed(1)}%`}`,
    );
  };
  try {
    // Order: HTTP throughput first, the writing db bench last.
    await run("ssr", () => benchSsr(server.origin, seconds));
    await run("api", () => benchApi(server, seconds));
    await run("size", () => benchSize(server.origin));
    await run("assistant", () => benchAssistant(server.db.db, seconds));
    await run("insights", () => benchInsights(server.db.db, seconds));
    await run("lighthouse", () => benchLighthouse(server.origin));
    await run("connections", () => benchConnections(server, seconds));
    // Grows the database to 100,000 bookings: after the other HTTP benches.
    await run("staff", () => benchStaffList(server, seconds));
    await run("analytics", () => benchAnalytics(server, seconds));
    // Its own seeded database: the staff bench fills every future slot of
    // the shared one with bench bookings, so the race found them all full.
    await run("db", async () => {
      const own = await freshTestDb({ seed: true });
      try {
        return await benchDb(own.db, seconds);
      } finally {
        await own.dispose();
      }
    });
  } finally {
    await server.stop();
  }
  const report =
    `Run ${started} (${seconds} s per load case, wrk 50 connections, loopback; ${describePlacement()})\n\n` +
    `Machine: ${about}\n\n` +
    // The host's other guests took this share of the CPUs (bench/lib/steal.ts).
    `CPU steal while each bench ran: ${steal.join(", ")}\n\n${table(rows)}\n`;
  console.log(report);
  // One line per target, for a quick read of an idle re-run.
  for (const r of rows.filter((r) => r.ok !== null)) {
    console.log(
      `${r.ok ? "PASS" : "FAIL"}  ${r.bench}: ${r.case} (${r.target})`,
    );
  }
  await Deno.writeTextFile(new URL("./results.md", import.meta.url), report);
  if (rows.some((r) => r.ok === false)) Deno.exitCode = 1;
}
