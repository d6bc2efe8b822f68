/**
 * `/metrics` beyond request counters: business numbers from the database
 * (the same on every instance) and this instance's memory and loop lag.
 */
import assert from "node:assert/strict";
import { LoopLagMonitor } from "../../lib/metrics/runtime.ts";
import { startApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";

/** The value of one series in an exposition text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

Deno.test("loop lag: the worst delay of the sampling timer since the last scrape", () => {
  let now = 1_000;
  const lag = new LoopLagMonitor(500, () => now);
  lag.start();
  try {
    now += 500; // on time
    lag.tick();
    now += 750; // 250 ms late
    lag.tick();
    now += 600; // 100 ms late
    lag.tick();
    assert.equal(lag.takeMaxSeconds(), 0.25);
    now += 500;
    lag.tick();
    assert.equal(lag.takeMaxSeconds(), 0);
  } finally {
    lag.stop();
  }
});

Deno.test("/metrics: bookings by status, unpaid and conversion of the last 24 h, outbox backlog, memory", async () => {
  const now = testInstant("12:00");
  const app = await startApp({
    env: { RATE_LIMITS: "off" },
    clock: fixedClock(now),
  });
  try {
    const scrape = async () => {
      const res = await app.fetch("/metrics");
      assert.equal(res.status, 200);
      return await res.text();
    };
    const before = await scrape();
    const date = nextWeekday(6, daysAfter(now, 20));
    const res = await app.fetch(
      "/api/bookings",
      postJson(bookingBody(date, "12:00")),
    );
    assert.equal(res.status, 201);
    await res.body?.cancel();
    const after = await scrape();

    const series = 'myhibachi_bookings{status="pending_deposit"}';
    assert.equal(
      sample(after, series),
      (sample(before, series) ?? 0) + 1,
    );
    assert.equal(
      sample(after, "myhibachi_bookings_unpaid_24h"),
      sample(before, "myhibachi_bookings_unpaid_24h")! + 1,
    );
    assert.equal(
      sample(after, "myhibachi_bookings_created_24h"),
      sample(before, "myhibachi_bookings_created_24h")! + 1,
    );
    // The booking queued its confirmation mail (jobs are off in tests).
    assert.ok(sample(after, "myhibachi_outbox_pending")! >= 1);
    const conversion = sample(after, "myhibachi_deposit_conversion_24h")!;
    assert.ok(conversion >= 0 && conversion <= 1);
    assert.ok(sample(after, "process_resident_memory_bytes")! > 0);
    assert.ok(sample(after, "event_loop_lag_max_seconds")! >= 0);
    assert.match(after, /^# TYPE myhibachi_revenue_cents gauge$/m);
  } finally {
    await app.dispose();
  }
});
