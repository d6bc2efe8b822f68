/** The bench's CPU placement of the load generator and the servers. */
import assert from "node:assert/strict";
import { describePlacement, placementFor } from "../../bench/lib/cpus.ts";

Deno.test("bench placement wrk (the default): wrk confined to the last core, servers free", () => {
  const p = placementFor(2, "wrk");
  assert.deepEqual(p, { server: null, load: "1", wrkThreads: 1 });
  assert.equal(
    describePlacement(p),
    "servers on any CPU, wrk (1 thread) on CPU 1",
  );
});

Deno.test("bench placement split: wrk on the last core, servers on the others", () => {
  assert.deepEqual(placementFor(2, "split"), {
    server: "0",
    load: "1",
    wrkThreads: 1,
  });
  assert.deepEqual(placementFor(8, "split"), {
    server: "0-6",
    load: "7",
    wrkThreads: 1,
  });
  assert.equal(
    describePlacement(placementFor(2, "split")),
    "servers on CPU 0, wrk (1 thread) on CPU 1",
  );
});

Deno.test("bench placement off, or one core: nothing confined", () => {
  const spread = { server: null, load: null, wrkThreads: 2 };
  assert.deepEqual(placementFor(2, "off"), spread);
  assert.deepEqual(placementFor(1, "wrk"), spread);
  assert.equal(describePlacement(spread), "unpinned, wrk 2 threads");
});
