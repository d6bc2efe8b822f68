import assert from "node:assert/strict";
import { meetsTargets, scoresOf } from "../../bench/lighthouse/lighthouse.ts";

const report = (perf: number, lcp: number, cls: number) => ({
  categories: {
    performance: { score: perf },
    accessibility: { score: 1 },
    "best-practices": { score: 1 },
    seo: { score: 1 },
  },
  audits: {
    "largest-contentful-paint": { numericValue: lcp },
    "cumulative-layout-shift": { numericValue: cls },
    "total-blocking-time": { numericValue: 40 },
  },
  environment: { benchmarkIndex: 1400 },
});

Deno.test("lighthouse: scores read from a report and judged against issue 15's targets", () => {
  const good = scoresOf(report(0.98, 1200, 0.01));
  assert.deepEqual(good, {
    performance: 98,
    accessibility: 100,
    bestPractices: 100,
    seo: 100,
    lcpMs: 1200,
    cls: 0.01,
    tbtMs: 40,
    benchmarkIndex: 1400,
  });
  assert.equal(meetsTargets(good), true);
  assert.equal(meetsTargets(scoresOf(report(0.97, 1200, 0.01))), false);
  assert.equal(meetsTargets(scoresOf(report(1, 2500, 0))), false);
  assert.equal(meetsTargets(scoresOf(report(1, 900, 0.1))), false);
  // A category Lighthouse could not score counts as 0, never as a pass.
  assert.equal(
    scoresOf({ categories: { performance: { score: null } }, audits: {} })
      .performance,
    0,
  );
});
