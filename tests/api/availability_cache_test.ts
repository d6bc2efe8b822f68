/**
 * The availability micro-cache keeps the API's JSON bytes with the rows they
 * were built from (ADR 0051). The booking window is still the request's:
 * a slot that leaves the window between two requests, with the rows still
 * cached, is answered as unavailable, and one that enters it as available;
 * the answer is the same as without the cache.
 */
import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import {
  daysAfter,
  instantAt,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";

const HOUR = 3_600_000;

interface Slot {
  time: string;
  available: number;
}

Deno.test({
  name: "cached availability applies the booking window at each request",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    // A Friday three days out (seeded chefs work Fridays) and its noon slot.
    const friday = nextWeekday(5, daysAfter(testInstant("12:00"), 3));
    const noon = instantAt(friday, "12:00").getTime();
    // The slot's last bookable instant: exactly 48 h before it starts.
    let now = noon - 48 * HOUR;
    const clock = () => new Date(now);
    const cached = await startApp({ env: { RATE_LIMITS: "off" }, clock });
    const uncached = await startApp({
      env: { RATE_LIMITS: "off", AVAILABILITY_CACHE_MS: "0" },
      clock,
    });
    const read = async (app: typeof cached, from: string, to: string) => {
      const res = await app.fetch(`/api/availability?from=${from}&to=${to}`);
      assert.equal(res.status, 200);
      return await res.text();
    };
    const noonOf = (text: string) =>
      (JSON.parse(text).dates[0].slots as Slot[]).find((s) =>
        s.time === "12:00"
      )!;
    try {
      await t.step("a slot leaving the window is answered closed", async () => {
        const open = await read(cached, friday, friday);
        assert.ok(noonOf(open).available > 0, "open at its last instant");
        now += 1;
        const closed = await read(cached, friday, friday);
        assert.equal(noonOf(closed).available, 0);
        assert.equal(closed, await read(uncached, friday, friday));
        // Again at the same instant: the kept answer is the closed one.
        assert.equal(await read(cached, friday, friday), closed);
      });
      await t.step("a slot entering the window is answered open", async () => {
        // A year of 24 h days before the slot: its first bookable instant.
        const far = nextWeekday(5, daysAfter(testInstant("12:00"), 300));
        const start = instantAt(far, "12:00").getTime();
        now = start - 365 * 24 * HOUR - 1;
        const before = await read(cached, far, far);
        assert.equal(noonOf(before).available, 0, "not yet bookable");
        now += 1;
        const after = await read(cached, far, far);
        assert.ok(noonOf(after).available > 0, "bookable from this instant");
        assert.equal(after, await read(uncached, far, far));
      });
    } finally {
      await cached.dispose();
      await uncached.dispose();
    }
  },
});
