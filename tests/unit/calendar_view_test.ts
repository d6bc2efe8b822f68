import assert from "node:assert/strict";
import {
  calendarPageQuerySchema,
  mondayOf,
  viewRange,
} from "../../lib/staff/calendar_view.ts";

Deno.test("calendar view: weeks start on Monday", () => {
  assert.equal(mondayOf("2026-12-02"), "2026-11-30"); // a Wednesday
  assert.equal(mondayOf("2026-11-30"), "2026-11-30");
  assert.equal(mondayOf("2026-12-06"), "2026-11-30"); // a Sunday
  const w = viewRange("week", "2026-12-02");
  assert.deepEqual([w.from, w.to, w.prev, w.next], [
    "2026-11-30",
    "2026-12-06",
    "2026-11-23",
    "2026-12-07",
  ]);
});

Deno.test("calendar view: a month and its whole-week grid", () => {
  const m = viewRange("month", "2026-12-15");
  assert.equal(m.title, "December 2026");
  assert.deepEqual([m.from, m.to], ["2026-12-01", "2026-12-31"]);
  assert.deepEqual([m.gridFrom, m.gridTo], ["2026-11-30", "2027-01-03"]);
  assert.deepEqual([m.prev, m.next], ["2026-11-30", "2027-01-01"]);
  const feb = viewRange("month", "2028-02-10"); // leap year
  assert.equal(feb.to, "2028-02-29");
  // The grid stays inside the calendar API's 62-day limit.
  const days = (Date.parse(m.gridTo) - Date.parse(m.gridFrom)) / 86_400_000;
  assert.ok(days < 62);
});

Deno.test("calendar view: the page query refuses bad input with a path", () => {
  assert.equal(calendarPageQuerySchema.parse({}).view, "week");
  for (
    const bad of [{ view: "year" }, { date: "2026-02-30" }, { x: "1" }]
  ) {
    const r = calendarPageQuerySchema.safeParse(bad);
    assert.equal(r.success, false, JSON.stringify(bad));
  }
});
