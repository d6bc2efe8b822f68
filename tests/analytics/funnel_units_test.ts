/**
 * FunnelCounter without a working database: counts group by location and
 * 15-minute period, and a failed flush keeps its batch for the next one
 * (nothing counted is dropped because the database was away).
 */
import assert from "node:assert/strict";
import { FunnelCounter } from "../../lib/analytics/funnel.ts";
import { unreachableDb } from "../support/app.ts";

Deno.test({
  name:
    "FunnelCounter: groups by location and quarter hour; a failed flush keeps the counts",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const db = await unreachableDb();
    let now = new Date("2026-12-08T07:50:00Z");
    const counter = new FunnelCounter(db, () => now);
    try {
      counter.quote("fremont");
      now = new Date("2026-12-08T07:59:59Z");
      counter.hold("fremont");
      assert.equal(counter.pendingGroups, 1, "same quarter hour");
      now = new Date("2026-12-08T08:00:00Z");
      counter.quote("fremont");
      counter.quote("sacramento");
      assert.equal(counter.pendingGroups, 3);
      await assert.rejects(counter.flush());
      assert.equal(counter.pendingGroups, 3, "the batch is put back");
      counter.quote("fremont");
      assert.equal(counter.pendingGroups, 3, "and later counts join it");
      await assert.rejects(counter.flush());
      assert.equal(counter.pendingGroups, 3);
    } finally {
      await db.close();
    }
  },
});
