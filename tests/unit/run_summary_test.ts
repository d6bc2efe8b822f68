import assert from "node:assert/strict";
import { parseDenoSummary, parseRunSummary } from "../run.ts";

Deno.test("runner: reads deno test's closing line, steps and ignored included", () => {
  assert.deepEqual(
    parseDenoSummary(
      "FAILED | 667 passed (378 steps) | 1 failed (1 step) | 1 ignored (5m45s)",
    ),
    { passed: 667, failed: 1, skipped: 1 },
  );
  assert.deepEqual(parseDenoSummary("ok | 4 passed | 0 failed (53ms)"), {
    passed: 4,
    failed: 0,
    skipped: 0,
  });
  assert.equal(parseDenoSummary("error: Module not found"), null);
});

Deno.test("runner: reads its own last line, not a part's", () => {
  const output = [
    "[test] deno check: 1 passed, 0 failed, 0 skipped",
    "[test] deno test: 667 passed, 1 failed, 1 skipped",
    "1775 passed, 1 failed, 1 skipped",
  ].join("\n");
  assert.deepEqual(parseRunSummary(output), {
    passed: 1775,
    failed: 1,
    skipped: 1,
  });
  assert.equal(
    parseRunSummary("[test] deno check: 1 passed, 0 failed, 0 skipped"),
    null,
  );
});
