/**
 * `GET /api/staff/feed?since`: what the dashboard's live feed missed while
 * its channel was down, in realtime's change shape, under RLS.
 */
import assert from "node:assert/strict";
import { CHEFS, FREMONT, SACRAMENTO } from "../db/fixtures.ts";
import { freeSlot, insertBooking, startStaffApp } from "./support.ts";
import { accessToken, staffApi } from "./api_support.ts";
import { feedItemFromChange } from "../../lib/staff/feed.ts";

Deno.test({
  name:
    "staff feed since: new bookings and status changes after a moment, a manager's own locations only",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    try {
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const [{ since }] = await app.db.sql<{ since: Date }[]>`
        select now() as since`;
      const { date, slot } = await freeSlot(app.db, Object.values(CHEFS));
      const fremont = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      const sacramento = await insertBooking(app.db, {
        date,
        slot,
        locationId: SACRAMENTO,
        city: "Sacramento",
      });
      await app.db.sql`update public.bookings set status = 'cancelled'
        where reference = ${fremont}`;

      const r = await manager(
        "GET",
        `/feed?since=${encodeURIComponent(since.toISOString())}`,
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const items = r.body.changes.map(feedItemFromChange);
      const texts = items.map((i: { text: string }) => i.text);
      assert.ok(
        texts.some((t: string) => t.startsWith(`New booking ${fremont}`)),
        texts.join("\n"),
      );
      assert.ok(
        texts.includes(`Booking ${fremont} awaiting deposit → cancelled`),
        texts.join("\n"),
      );
      // The Fremont manager does not see Sacramento (RLS).
      assert.ok(!texts.some((t: string) => t.includes(sacramento)));
      // Oldest first, as they happened.
      const times = r.body.changes.map((c: { commit_timestamp: string }) =>
        c.commit_timestamp
      );
      assert.deepEqual([...times].sort(), times);

      const later = await manager(
        "GET",
        `/feed?since=${
          encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())
        }`,
      );
      assert.deepEqual(later.body.changes, []);

      const bad = await manager("GET", "/feed?since=yesterday");
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.issues[0].path, "since");
      const anonymous = await staffApi(app, null)("GET", "/feed?since=x");
      assert.equal(anonymous.status, 401);
    } finally {
      await app.dispose();
    }
  },
});
