/**
 * The date rules at four fixed instants: 02:00, 09:00, 17:00 and 23:30 Los
 * Angeles time, on today's Los Angeles date and on the next two US DST
 * change days (23- and 25-hour days). Each instant builds the real app with
 * that clock and checks the same contracts: tomorrow is not bookable and
 * three days ahead is; availability opens exactly 48 h after the clock and
 * closes 365 days of 24 h after it.
 *
 * Today's date keeps the app's clock within 24 h of the database's now()
 * (holds are stamped with it); the DST days are computed from the real date
 * so they stay in the future for the database too (tests/support/clock.ts).
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import {
  dateIn,
  dayLengthHours,
  daysAfter,
  fixedClock,
  FOUR_TIMES,
  instantAt,
  nextDstChangeDays,
  realToday,
  utcOffsetMinutes,
} from "../support/clock.ts";
import { postJson } from "./support.ts";

const HOUR = 3_600_000;
const MIN_LEAD = 48 * HOUR;
const MAX_LEAD = 365 * 24 * HOUR;

interface Slot {
  time: string;
  capacity: number;
  reserved: number;
  available: number;
}

const days = [realToday(), ...nextDstChangeDays()];

Deno.test("four-instant runs include a 23-hour and a 25-hour DST day", () => {
  const lengths = nextDstChangeDays().map((d) => dayLengthHours(d)).sort();
  assert.deepEqual(lengths, [23, 25]);
  for (const d of nextDstChangeDays()) {
    assert.notEqual(
      utcOffsetMinutes(instantAt(d, "00:00")),
      utcOffsetMinutes(instantAt(d, "12:00")),
    );
  }
});

/** Checks every listed slot against the window bounds of `now`. */
async function checkWindow(
  app: TestApp,
  now: Date,
  from: string,
  to: string,
): Promise<{ open: number; closed: number }> {
  const res = await app.fetch(`/api/availability?from=${from}&to=${to}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.timezone, "America/Los_Angeles");
  let open = 0;
  let closed = 0;
  for (const d of body.dates as { date: string; slots: Slot[] }[]) {
    for (const s of d.slots) {
      const lead = instantAt(d.date, s.time).getTime() - now.getTime();
      const inside = lead >= MIN_LEAD && lead <= MAX_LEAD;
      const what = `${d.date} ${s.time} at ${now.toISOString()}`;
      if (!inside) {
        assert.equal(s.available, 0, `${what} is outside the window`);
        closed++;
      } else {
        assert.equal(
          s.available,
          Math.max(0, s.capacity - s.reserved),
          `${what} is inside the window`,
        );
        if (s.available > 0) open++;
      }
    }
  }
  return { open, closed };
}

for (const day of days) {
  for (const time of FOUR_TIMES) {
    Deno.test({
      name: `date rules at ${day} ${time} Los Angeles`,
      sanitizeOps: false,
      sanitizeResources: false,
      async fn() {
        // 02:00 does not exist on the spring-forward day: it is 03:00 PDT.
        const now = instantAt(day, time);
        assert.equal(dateIn(now), day);
        const app = await startApp({
          env: { RATE_LIMITS: "off" },
          clock: fixedClock(now),
        });
        try {
          // Tomorrow is not bookable at any hour (every slot < 48 h away).
          const tomorrow = daysAfter(now, 1);
          for (const slot of ["12:00", "21:00"]) {
            const res = await app.fetch(
              "/api/holds",
              postJson({ date: tomorrow, time: slot }),
            );
            const body = await res.json();
            assert.equal(res.status, 422, JSON.stringify(body));
            assert.equal(body.error.code, "OUTSIDE_BOOKING_WINDOW");
          }
          // Three days ahead is, even its first slot from 23:30.
          const res = await app.fetch(
            "/api/holds",
            postJson({ date: daysAfter(now, 3), time: "12:00" }),
          );
          const hold = await res.json();
          assert.equal(res.status, 201, JSON.stringify(hold));
          const released = await app.fetch(`/api/holds/${hold.holdId}`, {
            method: "DELETE",
          });
          await released.body?.cancel();

          // The near edge: today … four days ahead, slot by slot.
          const near = await checkWindow(
            app,
            now,
            dateIn(now),
            daysAfter(now, 4),
          );
          assert.ok(near.closed >= 8, JSON.stringify(near));
          assert.ok(near.open > 0, JSON.stringify(near));
          // The far edge: 363 … 366 days ahead.
          const far = await checkWindow(
            app,
            now,
            daysAfter(now, 363),
            daysAfter(now, 366),
          );
          assert.ok(far.closed >= 4, JSON.stringify(far));
          // Beyond it a booking is refused with the window code.
          const late = await app.fetch(
            "/api/holds",
            postJson({ date: daysAfter(now, 366), time: "12:00" }),
          );
          const lateBody = await late.json();
          assert.equal(late.status, 422, JSON.stringify(lateBody));
          assert.equal(lateBody.error.code, "OUTSIDE_BOOKING_WINDOW");
        } finally {
          await app.dispose();
        }
      },
    });
  }
}
