/**
 * The funnel's quote and hold counts (ADR 0039) through the real app on a
 * real database: POST /api/quote and POST /api/holds only bump an in-memory
 * count; nothing is written until the counter flushes, and a quote answers
 * while the counts table is locked (the write is not on its path). A flush
 * adds the counts to the location's business day, and adds again on the
 * next flush (several instances share the rows).
 */
import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { postJson, quoteBody } from "../api/support.ts";
import {
  dateIn,
  daysAfter,
  fixedClock,
  instantAt,
  nextWeekday,
} from "../support/clock.ts";

interface CountRow {
  slug: string;
  day: string;
  quotes: number;
  holds: number;
}

Deno.test({
  name:
    "funnel: quotes and holds are counted off the request path, per business day",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    // 23:30 in Los Angeles is already the next day in UTC: the count must
    // land on the business day.
    const now = instantAt("2026-12-07", "23:30");
    const app = await startApp({ clock: fixedClock(now) });
    const counts = () =>
      app.db.sql<CountRow[]>`
        select l.slug, f.day::text as day, f.quotes, f.holds
        from public.funnel_daily f join public.locations l on l.id = f.location_id
        order by l.slug, f.day`;
    try {
      await t.step("requests count in memory only", async () => {
        for (let i = 0; i < 3; i++) {
          const res = await app.fetch("/api/quote", postJson(quoteBody()));
          assert.equal(res.status, 200);
          await res.body?.cancel();
        }
        const friday = nextWeekday(5, daysAfter(now, 21));
        const hold = await app.fetch(
          "/api/holds",
          postJson({ date: friday, time: "18:00" }),
        );
        assert.equal(hold.status, 201);
        await hold.body?.cancel();
        const bad = await app.fetch("/api/quote", postJson({ adults: -1 }));
        assert.equal(bad.status, 422, "a refused quote is not counted");
        await bad.body?.cancel();
        assert.deepEqual([...await counts()], []);
        assert.equal(app.parts.funnel.pendingGroups, 1);
      });

      await t.step("a flush writes them to the business day", async () => {
        assert.equal(await app.parts.funnel.flush(), 1);
        assert.deepEqual([...await counts()], [{
          slug: "fremont",
          day: dateIn(now),
          quotes: 3,
          holds: 1,
        }]);
        assert.equal(dateIn(now), "2026-12-07");
        assert.equal(await app.parts.funnel.flush(), 0, "nothing left");
      });

      await t.step(
        "a quote answers while the counts table is locked; the flush then adds",
        async () => {
          let release!: () => void;
          const released = new Promise<void>((r) => (release = r));
          let locked!: () => void;
          const isLocked = new Promise<void>((r) => (locked = r));
          const holder = app.db.sql.begin(async (tx) => {
            await tx`lock table public.funnel_daily in access exclusive mode`;
            locked();
            await released;
          });
          await isLocked;
          const res = await app.fetch("/api/quote", postJson(quoteBody()));
          assert.equal(res.status, 200, "the quote did not wait for the lock");
          await res.body?.cancel();
          const flushed = app.parts.funnel.flush();
          release();
          await holder;
          assert.equal(await flushed, 1);
          assert.deepEqual((await counts())[0].quotes, 4);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
