/** The protein steppers and guest rescaling of the party form (ADR 0038). */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  rescaleProteins,
  stepProtein,
} from "../../lib/booking_form/proteins.ts";

const MENU = {
  proteinsPerGuest: 2,
  proteins: [
    { code: "chicken", label: "Chicken", cents: 0 },
    { code: "steak", label: "Steak", cents: 0 },
    { code: "shrimp", label: "Shrimp", cents: 0 },
    { code: "filet_mignon", label: "Filet mignon", cents: 500 },
  ],
};

const sum = (p: Record<string, number>) =>
  Object.values(p).reduce((a, b) => a + b, 0);

Deno.test("a full split: + takes from the largest other protein, − gives to the first included one", () => {
  const split = { chicken: 12, steak: 12 };
  assert.deepEqual(stepProtein(split, "filet_mignon", 1, 12, MENU), {
    chicken: 12,
    steak: 11,
    filet_mignon: 1,
  });
  assert.deepEqual(stepProtein(split, "steak", -1, 12, MENU), {
    chicken: 13,
    steak: 11,
  });
  // "−" on the first included protein gives to the next included one.
  assert.deepEqual(stepProtein(split, "chicken", -1, 12, MENU), {
    chicken: 11,
    steak: 13,
  });
  // One protein with every serving cannot take more.
  assert.deepEqual(stepProtein({ chicken: 4 }, "chicken", 1, 2, MENU), {
    chicken: 4,
  });
});

Deno.test("an incomplete split: steppers move towards the total, never below zero", () => {
  assert.deepEqual(stepProtein({ chicken: 3 }, "steak", 1, 2, MENU), {
    chicken: 3,
    steak: 1,
  });
  assert.deepEqual(stepProtein({ chicken: 5 }, "chicken", -1, 2, MENU), {
    chicken: 4,
  });
  assert.deepEqual(stepProtein({}, "steak", -1, 2, MENU), {});
});

Deno.test("steppers keep a full split full, whatever is clicked", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.array(
        fc.tuple(
          fc.constantFrom(...MENU.proteins.map((p) => p.code)),
          fc.constantFrom(1 as const, -1 as const),
        ),
        { maxLength: 40 },
      ),
      (fed, clicks) => {
        let split = rescaleProteins({}, fed, 0, MENU);
        for (const [code, delta] of clicks) {
          split = stepProtein(split, code, delta, fed, MENU);
          assert.equal(sum(split), fed * 2);
          assert.ok(Object.values(split).every((n) => n > 0));
        }
      },
    ),
  );
});

Deno.test("a guest change keeps the customer's proportions at the new total", () => {
  assert.deepEqual(
    rescaleProteins({ chicken: 6, filet_mignon: 2 }, 8, 0, MENU),
    {
      chicken: 12,
      filet_mignon: 4,
    },
  );
  // 3 guests: 6 servings of 1:1:1 → 2 each.
  assert.deepEqual(
    rescaleProteins({ chicken: 4, steak: 4, shrimp: 4 }, 2, 1, MENU),
    { chicken: 2, steak: 2, shrimp: 2 },
  );
  // Remainders go to the largest fractions first.
  assert.equal(
    sum(rescaleProteins({ chicken: 5, steak: 3, shrimp: 1 }, 7, 0, MENU)),
    14,
  );
  // Nothing chosen yet: the default split.
  assert.deepEqual(rescaleProteins({}, 3, 0, MENU), { chicken: 3, steak: 3 });
});
