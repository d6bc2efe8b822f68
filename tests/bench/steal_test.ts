/** bench/lib/steal.ts reads the CPU time the hypervisor gave other guests (/proc/stat). */
import assert from "node:assert/strict";
import { parseCpuTimes, stealPercent } from "../../bench/lib/steal.ts";

// The first lines of this machine's /proc/stat, read twice under load.
const BEFORE = `cpu  1468639 512 668137 2922601 7500 0 177701 69360 0 0
cpu0 860388 343 295888 1372694 1396 0 116440 21820 0 0
cpu1 608251 169 372249 1549906 6103 0 61260 47540 0 0
intr 123 0`;

Deno.test("steal: the aggregate cpu line's eight states, steal the eighth", () => {
  assert.deepEqual(parseCpuTimes(BEFORE), {
    total: 1468639 + 512 + 668137 + 2922601 + 7500 + 0 + 177701 + 69360,
    steal: 69360,
  });
});

Deno.test("steal: the share of CPU time stolen between two readings", () => {
  const before = { total: 1_000, steal: 100 };
  assert.equal(stealPercent(before, { total: 1_200, steal: 150 }), 25);
  assert.equal(stealPercent(before, { total: 1_200, steal: 100 }), 0);
  assert.equal(stealPercent(before, before), null, "no time passed");
  assert.equal(stealPercent(null, before), null);
  assert.equal(
    stealPercent(before, { total: 1_200, steal: 90 }),
    0,
    "a counter that stepped back",
  );
});

Deno.test("steal: no cpu line, or one without a steal column, is unknown", () => {
  assert.equal(parseCpuTimes("cpu0 1 2 3 4 5 6 7 8\n"), null);
  assert.equal(parseCpuTimes("cpu  1 2 3 4\n"), null);
  assert.equal(parseCpuTimes(""), null);
});
