/** The date step's month grid and its keyboard moves (ADR 0038). */
import assert from "node:assert/strict";
import {
  freeTimes,
  monthWeeks,
  moveInCalendar,
} from "../../lib/booking_form/calendar.ts";

Deno.test("December 2026 starts on a Tuesday and spans five weeks", () => {
  const weeks = monthWeeks("2026-12");
  assert.equal(weeks.length, 5);
  assert.deepEqual(weeks[0].slice(0, 3), [null, null, "2026-12-01"]);
  assert.equal(weeks[4][4], "2026-12-31");
  assert.equal(weeks[4][5], null);
  assert.ok(weeks.every((w) => w.length === 7));
  // February 2026 starts on a Sunday: exactly four full weeks.
  assert.equal(monthWeeks("2026-02").length, 4);
});

Deno.test("arrow, Home/End and Page keys move like the APG date grid", () => {
  assert.equal(moveInCalendar("2026-12-31", "ArrowRight"), "2027-01-01");
  assert.equal(moveInCalendar("2026-12-01", "ArrowLeft"), "2026-11-30");
  assert.equal(moveInCalendar("2026-12-03", "ArrowUp"), "2026-11-26");
  assert.equal(moveInCalendar("2026-12-29", "ArrowDown"), "2027-01-05");
  // Thursday Dec 10: the week is Sunday Dec 6 … Saturday Dec 12.
  assert.equal(moveInCalendar("2026-12-10", "Home"), "2026-12-06");
  assert.equal(moveInCalendar("2026-12-10", "End"), "2026-12-12");
  assert.equal(moveInCalendar("2026-12-15", "PageDown"), "2027-01-15");
  // Clamped to the shorter month.
  assert.equal(moveInCalendar("2027-01-31", "PageDown"), "2027-02-28");
  assert.equal(moveInCalendar("2026-03-31", "PageUp"), "2026-02-28");
});

Deno.test("free, fully booked and not available days", () => {
  const slot = (
    time: string,
    capacity: number,
    reserved: number,
    available: number,
  ) => ({
    time,
    capacity,
    reserved,
    available,
  });
  const days = freeTimes([
    // One time left.
    {
      date: "2026-12-10",
      slots: [slot("12:00", 1, 1, 0), slot("18:00", 1, 0, 1)],
    },
    // Every chef booked.
    {
      date: "2026-12-11",
      slots: [slot("12:00", 2, 2, 0), slot("18:00", 2, 2, 0)],
    },
    // Inside the 48 h lead time: nothing reserved, nothing bookable.
    { date: "2026-12-12", slots: [slot("12:00", 1, 0, 0)] },
    // No chef works.
    { date: "2026-12-13", slots: [slot("12:00", 0, 0, 0)] },
  ]);
  assert.deepEqual(days, [
    { date: "2026-12-10", slots: [slot("18:00", 1, 0, 1)] },
    { date: "2026-12-11", slots: [] },
  ]);
});
