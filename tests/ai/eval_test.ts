/**
 * The evaluation set as a test: the offline assistant must reach the targets
 * of issue 13 on tests/ai/cases.ts.
 */
import assert from "node:assert/strict";
import { CASES } from "./cases.ts";
import { formatSummary, runEval } from "./eval.ts";

Deno.test("the evaluation set has at least 150 cases covering every topic", () => {
  assert.ok(CASES.length >= 150, `only ${CASES.length} cases`);
  const intents = new Set(CASES.map((c) => c.intent));
  for (
    const i of [
      "quote",
      "availability",
      "booking",
      "faq",
      "dietary",
      "reschedule_cancel",
      "out_of_area",
      "small_talk",
      "discount",
      "other_customer_data",
      "handoff",
    ]
  ) assert.ok(intents.has(i as never), `no case for ${i}`);
  assert.equal(
    new Set(CASES.map((c) => c.id)).size,
    CASES.length,
    "ids repeat",
  );
});

Deno.test("offline assistant meets the targets", async () => {
  const s = await runEval();
  const report = formatSummary(s);
  assert.ok(s.intentAccuracy >= 0.95, report);
  assert.ok(s.argumentAccuracy >= 0.9, report);
  assert.equal(s.numbersExact, 1, report);
  assert.equal(s.handoffRate, 1, report);
  // Every reply's numbers match the API exactly: no invented number anywhere.
  for (const r of s.results) {
    assert.ok(r.numbersOk, `${r.id}: ${r.numberProblems.join(", ")}`);
    assert.ok(
      !r.invalidReachedTool,
      `${r.id}: invalid arguments reached a tool`,
    );
  }
});
