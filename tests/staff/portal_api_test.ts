/**
 * The chef portal and time-off decisions through the Staff API over real
 * HTTP: /api/staff/me (no money), weekdays, time-off requests, the feed URL
 * issued and revoked, and a manager's decision (409 when decided twice).
 * Tokens are dated by the injected clock.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { startApp } from "../support/app.ts";
import { fixedClock, testInstant } from "../support/clock.ts";
import { CHEFS, FREMONT, USERS } from "../db/fixtures.ts";
import { staffApi, tokenAt } from "./api_support.ts";
import { freeSlot, insertBooking } from "./support.ts";

Deno.test({
  name: "Staff API: chef portal endpoints and time-off decisions",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const now = testInstant();
    const app = await startApp({
      serve: true,
      clock: fixedClock(now),
      env: { SUPABASE_URL: null },
    });
    try {
      const chef = staffApi(app, await tokenAt(USERS.chef1, now));
      const manager = staffApi(app, await tokenAt(USERS.manager, now));
      await privileged(
        app.db,
        (tx) =>
          tx`update public.chefs set weekdays = '{1,2,3,4,5,6,7}'
           where id = ${CHEFS.chef1}`,
      );
      const { date, slot } = await freeSlot(app.db, [CHEFS.chef1]);
      const ref = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
        chefId: CHEFS.chef1,
      });

      await t.step(
        "GET /me: my events, no money; 403 without a chef profile",
        async () => {
          const me = await chef("GET", "/me");
          assert.equal(me.status, 200, JSON.stringify(me.body));
          assert.equal(me.body.chef.id, CHEFS.chef1);
          assert.ok(
            me.body.events.some((e: { reference: string }) =>
              e.reference === ref
            ),
          );
          assert.doesNotMatch(JSON.stringify(me.body), /cents/i);
          assert.equal((await manager("GET", "/me")).status, 403);
          assert.equal((await staffApi(app, null)("GET", "/me")).status, 401);
        },
      );

      await t.step("weekdays and time off", async () => {
        for (const weekdays of [[0], [1, 2, 3, 4, 5, 6, 7, 1]]) {
          const bad = await chef("PUT", "/me/weekdays", { weekdays });
          assert.equal(bad.status, 422, JSON.stringify(weekdays));
          assert.match(bad.body.error.issues[0].path, /^weekdays/);
        }
        const ok = await chef("PUT", "/me/weekdays", {
          weekdays: [7, 1, 2, 3, 4, 5, 6],
        });
        assert.equal(ok.status, 200);
        assert.deepEqual(ok.body.weekdays, [1, 2, 3, 4, 5, 6, 7]);
        const range = await chef("POST", "/me/time-off", {
          startsOn: date,
          endsOn: "2020-01-01",
        });
        assert.equal(range.status, 422);
        assert.equal(range.body.error.issues[0].path, "endsOn");
        const req = await chef("POST", "/me/time-off", {
          startsOn: date,
          endsOn: date,
          reason: "Wedding",
        });
        assert.equal(req.status, 201);
        assert.equal(req.body.status, "requested");

        const id = req.body.id;
        assert.equal(
          (await chef("POST", `/time-off/${id}`, { decision: "approved" }))
            .status,
          403,
        );
        const badId = await manager("POST", "/time-off/not-a-uuid", {
          decision: "approved",
        });
        assert.equal(badId.status, 422);
        assert.equal(badId.body.error.issues[0].path, "id");
        assert.equal(
          (await manager("POST", `/time-off/${id}`, { decision: "maybe" }))
            .status,
          422,
        );
        // Kenji is assigned that day: approving would strand the booking.
        const strand = await manager("POST", `/time-off/${id}`, {
          decision: "approved",
        });
        assert.equal(strand.status, 409, JSON.stringify(strand.body));
        const rejected = await manager("POST", `/time-off/${id}`, {
          decision: "rejected",
        });
        assert.equal(rejected.status, 200);
        assert.equal(rejected.body.status, "rejected");
        const twice = await manager("POST", `/time-off/${id}`, {
          decision: "approved",
        });
        assert.equal(twice.status, 409);
      });

      await t.step("calendar feed: issue, read, revoke", async () => {
        const issued = await chef("POST", "/me/calendar-feed");
        assert.equal(issued.status, 201);
        const path = new URL(issued.body.url).pathname;
        const ics = await app.fetch(path);
        assert.equal(ics.status, 200);
        assert.match(await ics.text(), new RegExp(ref.toLowerCase()));
        const revoked = await chef("DELETE", "/me/calendar-feed");
        assert.deepEqual(revoked.body, { revoked: true });
        const gone = await app.fetch(path);
        assert.equal(gone.status, 404);
        await gone.body?.cancel();
        assert.equal((await manager("POST", "/me/calendar-feed")).status, 403);
      });
    } finally {
      await app.dispose();
    }
  },
});
