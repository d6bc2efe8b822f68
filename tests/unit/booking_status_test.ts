import assert from "node:assert/strict";
import fc from "fast-check";
import {
  actionSources,
  BOOKING_STATUSES,
  type BookingStatus,
  cancellationRefundCents,
  canTransition,
  CHEF_HOLDING_STATUSES,
  holdsChef,
  isBookingStatus,
  isFinal,
  STAFF_ACTIONS,
  staffActionTarget,
  TRANSITIONS,
} from "../../lib/booking_status/mod.ts";

const status = fc.constantFrom(...BOOKING_STATUSES);
const action = fc.constantFrom(...STAFF_ACTIONS);
const START = new Date("2027-05-02T01:00:00Z");
const instant = fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 })
  .map((ms) => new Date(START.getTime() + ms));

Deno.test("the lifecycle: seven statuses, four of them final", () => {
  assert.equal(BOOKING_STATUSES.length, 7);
  assert.deepEqual(
    BOOKING_STATUSES.filter(isFinal),
    ["completed", "cancelled", "expired", "no_show"],
  );
  assert.deepEqual([...CHEF_HOLDING_STATUSES], [
    "pending_deposit",
    "confirmed",
    "completed",
  ]);
  assert.ok(isBookingStatus("confirmed"));
  assert.ok(!isBookingStatus("paid"));
  assert.ok(!isBookingStatus(null));
});

Deno.test("transitions: examples from SPEC §2", () => {
  assert.ok(canTransition("pending_deposit", "confirmed"));
  assert.ok(canTransition("confirmed", "completed"));
  assert.ok(canTransition("cancellation_requested", "cancelled"));
  assert.ok(canTransition("cancellation_requested", "pending_deposit"));
  assert.ok(!canTransition("cancelled", "confirmed"));
  assert.ok(!canTransition("pending_deposit", "completed"));
  assert.ok(!canTransition("pending_deposit", "no_show"));
  assert.ok(!canTransition("completed", "no_show"));
});

Deno.test("property: the same status is a no-op; final statuses go nowhere else", () => {
  fc.assert(fc.property(status, status, (from, to) => {
    if (from === to) assert.ok(canTransition(from, to));
    if (isFinal(from) && from !== to) assert.ok(!canTransition(from, to));
    assert.equal(
      canTransition(from, to),
      from === to || TRANSITIONS[from].includes(to),
    );
  }));
});

Deno.test("property: every allowed staff action is a legal transition", () => {
  fc.assert(fc.property(
    action,
    status,
    fc.option(fc.constantFrom<BookingStatus>("pending_deposit", "confirmed")),
    instant,
    (a, s, previous, now) => {
      const r = staffActionTarget(a, {
        status: s,
        previousStatus: previous,
        eventStartsAt: START,
        now,
      });
      if (r.ok) {
        assert.ok(canTransition(s, r.to), `${a}: ${s} → ${r.to}`);
        assert.ok(actionSources(a).includes(s));
      } else {
        assert.equal(r.code, "INVALID_TRANSITION");
        assert.ok(
          !actionSources(a).includes(s) ||
            ((a === "complete" || a === "no_show") && now < START),
        );
      }
    },
  ));
});

Deno.test("staff actions: complete and no-show only once the event started", () => {
  const ctx = { status: "confirmed" as const, eventStartsAt: START };
  const before = new Date(START.getTime() - 1);
  assert.equal(
    staffActionTarget("no_show", { ...ctx, now: before }).ok,
    false,
  );
  assert.deepEqual(staffActionTarget("no_show", { ...ctx, now: START }), {
    ok: true,
    to: "no_show",
  });
  assert.deepEqual(staffActionTarget("complete", { ...ctx, now: START }), {
    ok: true,
    to: "completed",
  });
  assert.equal(
    staffActionTarget("complete", {
      ...ctx,
      status: "pending_deposit",
      now: START,
    }).ok,
    false,
  );
});

Deno.test("staff actions: a rejected request returns to its prior status", () => {
  const ctx = {
    status: "cancellation_requested" as const,
    eventStartsAt: START,
    now: START,
  };
  assert.deepEqual(
    staffActionTarget("reject_cancellation", {
      ...ctx,
      previousStatus: "pending_deposit",
    }),
    { ok: true, to: "pending_deposit" },
  );
  assert.deepEqual(
    staffActionTarget("reject_cancellation", { ...ctx, previousStatus: null }),
    { ok: true, to: "confirmed" },
  );
  assert.equal(
    staffActionTarget("approve_cancellation", { ...ctx, status: "confirmed" })
      .ok,
    false,
  );
});

Deno.test("cancellation refund: 96 h boundary", () => {
  const base = {
    paidCents: 10000,
    depositCents: 10000,
    eventStartsAt: START,
    freeCancellationHours: 96,
  };
  const at = (h: number) => new Date(START.getTime() - h * 3_600_000);
  assert.equal(
    cancellationRefundCents({ ...base, requestedAt: at(96) }),
    10000,
  );
  assert.equal(cancellationRefundCents({ ...base, requestedAt: at(95.99) }), 0);
  assert.equal(
    cancellationRefundCents({ ...base, paidCents: 15000, requestedAt: at(24) }),
    5000,
  );
  assert.equal(
    cancellationRefundCents({ ...base, paidCents: 0, requestedAt: at(200) }),
    0,
  );
});

Deno.test("property: a refund is never negative nor more than was received", () => {
  fc.assert(fc.property(
    fc.integer({ min: -5000, max: 200000 }),
    fc.integer({ min: 0, max: 20000 }),
    instant,
    fc.integer({ min: 0, max: 240 }),
    (paid, deposit, requestedAt, hours) => {
      const r = cancellationRefundCents({
        paidCents: paid,
        depositCents: deposit,
        requestedAt,
        eventStartsAt: START,
        freeCancellationHours: hours,
      });
      assert.ok(r >= 0);
      assert.ok(r <= Math.max(paid, 0));
      // Late, at most the deposit is kept.
      assert.ok(r >= Math.max(paid, 0) - deposit);
    },
  ));
});

Deno.test("holdsChef agrees with the chef-holding list", () => {
  for (const s of BOOKING_STATUSES) {
    assert.equal(holdsChef(s), CHEF_HOLDING_STATUSES.includes(s));
  }
});
