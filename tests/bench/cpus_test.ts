/** The bench's CPU placement: wrk alone on the last core, servers on the rest. */
import assert from "node:assert/strict";
import { describePlacement, placementFor } from "../../bench/lib/cpus.ts";

Deno.test("bench placement: wrk on the last core, servers on the others", () => {
  assert.deepEqual(placementFor(2, true), {
    server: "0",
    load: "1",
    wrkThreads: 1,
  });
  assert.deepEqual(placementFor(8, true), {
    server: "0-6",
    load: "7",
    wrkThreads: 1,
  });
  assert.equal(
    describePlacement(placementFor(2, true)),
    "servers on CPU 0, wrk (1 thread) on CPU 1",
  );
});

Deno.test("bench placement: unpinned when asked or on one core", () => {
  const spread = { server: null, load: null, wrkThreads: 2 };
  assert.deepEqual(placementFor(2, false), spread);
  assert.deepEqual(placementFor(1, true), spread);
  assert.equal(describePlacement(spread), "unpinned, wrk 2 threads");
});
