/**
 * bench/lighthouse (issue 15): Lighthouse 12.2.3 (npm, run by Node through
 * npx) with its default mobile settings against Debian's Chromium, on `/`,
 * `/quote` and `/book`. Targets: performance ≥ 98; accessibility, best
 * practices and SEO 100; LCP < 2.5 s; CLS < 0.1. Lighthouse's simulated
 * throttling makes the scores comparable between runs on a loaded machine
 * better than wall-clock numbers, but they still move with CPU contention:
 * run it on an idle machine.
 *
 *   deno run -A bench/run.ts --only=lighthouse
 *
 * @module
 */
import type { BenchRow } from "../lib/result.ts";

const LIGHTHOUSE = "lighthouse@12.2.3";
const CHROMIUM = "/usr/bin/chromium";
/** The flags this machine's Chromium needs (ARCHITECTURE: closed network, root). */
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
].join(" ");

/** The pages measured. */
export const LIGHTHOUSE_PAGES = ["/", "/quote", "/book"] as const;

interface LighthouseReport {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number }>;
  /** Lighthouse's CPU benchmark of the host (an idle desktop scores ~1,500+). */
  environment?: { benchmarkIndex?: number };
}

/** The numbers a report is judged by. */
export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  cls: number;
  /** Total blocking time: the score that moves most with the host's load. */
  tbtMs: number;
  benchmarkIndex: number | null;
}

/** Reads the scores (0–100) and LCP/CLS out of a Lighthouse JSON report. */
export function scoresOf(report: LighthouseReport): LighthouseScores {
  const score = (id: string) =>
    Math.round((report.categories[id]?.score ?? 0) * 100);
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    lcpMs: report.audits["largest-contentful-paint"]?.numericValue ?? Infinity,
    cls: report.audits["cumulative-layout-shift"]?.numericValue ?? Infinity,
    tbtMs: report.audits["total-blocking-time"]?.numericValue ?? Infinity,
    benchmarkIndex: report.environment?.benchmarkIndex ?? null,
  };
}

/** True when every target is met. */
export function meetsTargets(s: LighthouseScores): boolean {
  return s.performance >= 98 && s.accessibility === 100 &&
    s.bestPractices === 100 && s.seo === 100 && s.lcpMs < 2500 && s.cls < 0.1;
}

async function lighthouse(url: string): Promise<LighthouseReport> {
  const out = await new Deno.Command("npx", {
    args: [
      "-y",
      LIGHTHOUSE,
      url,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      `--chrome-path=${CHROMIUM}`,
      `--chrome-flags=${CHROME_FLAGS}`,
      "--only-categories=performance,accessibility,best-practices,seo",
    ],
    env: { CHROME_PATH: CHROMIUM },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `lighthouse ${url} failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Runs Lighthouse on every page of {@link LIGHTHOUSE_PAGES} at `origin`. */
export async function benchLighthouse(origin: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const path of LIGHTHOUSE_PAGES) {
    const s = scoresOf(await lighthouse(`${origin}${path}`));
    rows.push({
      bench: "lighthouse",
      case: `mobile ${path}`,
      result:
        `performance ${s.performance}, accessibility ${s.accessibility}, ` +
        `best practices ${s.bestPractices}, SEO ${s.seo}; LCP ${
          Math.round(s.lcpMs)
        } ms, CLS ${s.cls.toFixed(3)}, TBT ${
          Math.round(s.tbtMs)
        } ms; host benchmarkIndex ${s.benchmarkIndex ?? "?"}`,
      target: "98 / 100 / 100 / 100, LCP < 2.5 s, CLS < 0.1",
      ok: meetsTargets(s),
    });
  }
  return rows;
}
