/**
 * `DELETE /api/holds/{id}` through the real app on a real, seeded database:
 * releasing frees the unit at once in `/api/availability`; repeating it is a
 * harmless 204; unknown and malformed ids get one 404 answer; a hold that
 * became a booking stays reserved; the `holds` rate limit applies.
 */
import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { bookingBody, postJson } from "./support.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";

Deno.test({
  name: "DELETE /api/holds/{id} releases a hold immediately",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const now = testInstant("12:00");
    const app = await startApp({
      env: { RATE_LIMITS: "holds=4/60s" },
      clock: fixedClock(now),
    });
    // A Friday three weeks out: inside the booking window, seeded chefs work.
    const friday = nextWeekday(5, daysAfter(now, 21));
    let ipCounter = 1;
    // Each step its own client, so the small holds limit meets only step 5.
    const ip = () => `198.51.100.${ipCounter++}`;
    const slot = async (time: string) => {
      const res = await app.fetch(
        `/api/availability?from=${friday}&to=${friday}`,
        { ip: ip() },
      );
      assert.equal(res.status, 200);
      const body = await res.json();
      return body.dates[0].slots.find((s: { time: string }) => s.time === time);
    };
    const hold = async (time: string, from: string) => {
      const res = await app.fetch("/api/holds", {
        ...postJson({ date: friday, time }),
        ip: ip(),
      });
      assert.equal(res.status, 201, `hold at ${time} from ${from}`);
      return (await res.json()).holdId as string;
    };
    const release = (id: string, from = ip()) =>
      app.fetch(`/api/holds/${encodeURIComponent(id)}`, {
        method: "DELETE",
        ip: from,
      });
    try {
      await t.step(
        "release frees the unit in /api/availability at once",
        async () => {
          const before = await slot("18:00");
          assert.ok(before.available > 0, "seeded slot has room");
          const id = await hold("18:00", "step 1");
          assert.equal((await slot("18:00")).available, before.available - 1);
          const res = await release(id);
          assert.equal(res.status, 204);
          assert.equal(await res.text(), "");
          assert.deepEqual(await slot("18:00"), before);
        },
      );

      await t.step(
        "repeating the release is a 204 that changes nothing",
        async () => {
          const before = await slot("12:00");
          const id = await hold("12:00", "step 2");
          assert.equal((await release(id)).status, 204);
          const again = await release(id);
          assert.equal(again.status, 204);
          await again.body?.cancel();
          assert.deepEqual(await slot("12:00"), before);
        },
      );

      await t.step("unknown and malformed ids get the same 404", async () => {
        const bodies: unknown[] = [];
        for (
          const id of [
            crypto.randomUUID(),
            "not-a-uuid",
            "00000000-0000-0000-0000-00000000000g",
            "'; delete from public.holds; --",
            "x".repeat(5000),
          ]
        ) {
          const res = await release(id);
          assert.equal(res.status, 404, id.slice(0, 40));
          assert.match(res.headers.get("content-type") ?? "", /json/);
          bodies.push(await res.json());
        }
        for (const body of bodies) assert.deepEqual(body, bodies[0]);
        assert.equal(
          (bodies[0] as { error: { code: string } }).error.code,
          "NOT_FOUND",
        );
      });

      await t.step("a hold that became a booking keeps its unit", async () => {
        const id = await hold("15:00", "step 4");
        const booked = await app.fetch(
          "/api/bookings",
          postJson(bookingBody(friday, "15:00", { holdId: id })),
        );
        assert.equal(booked.status, 201);
        await booked.body?.cancel();
        const before = await slot("15:00");
        const res = await release(id);
        assert.equal(res.status, 204);
        await res.body?.cancel();
        assert.deepEqual(await slot("15:00"), before);
      });

      await t.step("the holds rate limit applies per IP", async () => {
        const from = "198.51.100.250";
        for (let i = 0; i < 4; i++) {
          const res = await release(crypto.randomUUID(), from);
          assert.equal(res.status, 404);
          await res.body?.cancel();
        }
        const limited = await release(crypto.randomUUID(), from);
        assert.equal(limited.status, 429);
        assert.ok(Number(limited.headers.get("retry-after")) >= 1);
        await limited.body?.cancel();
      });
    } finally {
      await app.dispose();
    }
  },
});
