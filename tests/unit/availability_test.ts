// Slot availability is computed by the database (public.slot_availability),
// tested in tests/api and tests/db; the pure rule left in lib/availability is
// the event length.
import assert from "node:assert/strict";
import { eventLengthMinutes } from "../../lib/availability/mod.ts";

Deno.test("event length by headcount", () => {
  assert.equal(eventLengthMinutes(1), 90);
  assert.equal(eventLengthMinutes(10), 90);
  assert.equal(eventLengthMinutes(11), 105);
  assert.equal(eventLengthMinutes(20), 105);
  assert.equal(eventLengthMinutes(21), 120);
  assert.equal(eventLengthMinutes(50), 120);
});
