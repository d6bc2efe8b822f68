/**
 * Forecast computation time for two locations (issue 13 item 3): the whole
 * insights of Fremont and Sacramento (90-day forecast, 12-week rolling-origin
 * backtest, pricing suggestions, menu performance) sequentially, in process.
 *
 * - baseline (same run): the seasonal-naive 90-day forecast of both
 *   locations from the seeded plan (what the model is compared against);
 * - rules: fit, forecast and backtest of both locations from the seeded plan
 *   (pure, no database);
 * - service (with `db`): `computeInsights` as the seeded admin on the seeded
 *   database, both locations (reads, time zones, rules): what the function
 *   and the page pay per request.
 *
 *   deno run -A bench/insights/insights.ts [--seconds=5]   # pure cases only
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import { addDays } from "../../lib/booking_window/dates.ts";
import { backtestDemand } from "../../lib/insights/backtest.ts";
import {
  fitDemandModel,
  forecastDemand,
  seasonalNaive,
} from "../../lib/insights/forecast.ts";
import { usHolidays } from "../../lib/insights/holidays.ts";
import { computeInsights } from "../../lib/insights/service.ts";
import {
  FREMONT,
  SACRAMENTO,
  seededDemand,
} from "../../tests/insights/fixtures.ts";
import type { BenchRow } from "../lib/result.ts";
import { percentile, round } from "../lib/stats.ts";

/** The day after the seeded history's last complete date. */
const TODAY = "2026-11-01";
const ADMIN = {
  role: "authenticated",
  sub: "20000000-0000-4000-8000-000000000001",
};

async function time(
  seconds: number,
  run: () => unknown,
): Promise<number[]> {
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until || samples.length < 5) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return samples;
}

function describe(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `p50 ${round(percentile(s, 50), 2)} ms, p95 ${
    round(percentile(s, 95), 2)
  } ms per two locations (${s.length} runs)`;
}

/** The insights bench rows; the service case needs the seeded `db`. */
export async function benchInsights(
  db: Db | null,
  seconds: number,
): Promise<BenchRow[]> {
  const demand = [seededDemand(FREMONT), seededDemand(SACRAMENTO)];
  const holidayOf = await usHolidays();
  const naive = await time(seconds, () => {
    for (const d of demand) {
      const model = fitDemandModel(d, TODAY, () => null);
      for (let i = 0; i < 90; i++) seasonalNaive(model, addDays(TODAY, i));
    }
  });
  const rules = await time(seconds, () => {
    for (const d of demand) {
      forecastDemand(fitDemandModel(d, TODAY, holidayOf), 90);
      backtestDemand(d, TODAY, holidayOf);
    }
  });
  const rows: BenchRow[] = [
    {
      bench: "insights",
      case:
        "baseline: seasonal-naive 90-day forecast, 2 locations (seeded plan)",
      result: describe(naive),
      target: "",
      ok: null,
    },
    {
      bench: "insights",
      case: "forecast + 12-week backtest, 2 locations (seeded plan, pure)",
      result: describe(rules),
      target: "",
      ok: null,
    },
  ];
  if (db) {
    const now = new Date("2026-11-01T17:00:00Z");
    const service = await time(seconds, async () => {
      for (const location of ["fremont", "sacramento"]) {
        await computeInsights(db, ADMIN, { location }, now);
      }
    });
    rows.push({
      bench: "insights",
      case: "computeInsights as admin on the seeded database, 2 locations",
      result: describe(service),
      target: "",
      ok: null,
    });
  }
  return rows;
}

if (import.meta.main) {
  const seconds = Number(
    Deno.args.find((a) => a.startsWith("--seconds="))?.split("=")[1] ?? 5,
  );
  for (const row of await benchInsights(null, seconds)) {
    console.log(`${row.case}: ${row.result}`);
  }
}
