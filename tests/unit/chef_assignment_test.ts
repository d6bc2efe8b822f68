import assert from "node:assert/strict";
import fc from "fast-check";
import {
  bestAvailableChef,
  CHEF_SCORE_WEIGHTS,
  type ChefCandidate,
  rankChefs,
  round2,
  scoreChef,
} from "../../lib/chef_assignment/mod.ts";

function chef(over: Partial<ChefCandidate> = {}): ChefCandidate {
  return {
    chefId: "c1",
    name: "Chef One",
    miles: 0,
    maxPartySize: 50,
    weekEvents: 0,
    rating: 5,
    preference: "none",
    unavailableReason: null,
    ...over,
  };
}

const candidate = fc.record<ChefCandidate>({
  chefId: fc.uuid(),
  name: fc.string({ minLength: 1, maxLength: 8 }),
  miles: fc.option(fc.integer({ min: 0, max: 300 })),
  maxPartySize: fc.integer({ min: 1, max: 50 }),
  weekEvents: fc.integer({ min: 0, max: 30 }),
  rating: fc.integer({ min: 0, max: 500 }).map((r) => r / 100),
  preference: fc.constantFrom("preferred", "previous", "none"),
  unavailableReason: fc.option(
    fc.constantFrom("inactive", "not_working", "time_off", "busy"),
  ),
});

Deno.test("weights are the SPEC's and sum to 100", () => {
  assert.deepEqual(CHEF_SCORE_WEIGHTS, {
    distance: 40,
    partyFit: 20,
    workload: 15,
    rating: 15,
    preference: 10,
  });
});

Deno.test("a perfect chef scores 100; examples of each component", () => {
  assert.equal(scoreChef(chef({ preference: "preferred" }), 10).score, 100);
  assert.deepEqual(
    scoreChef(
      chef({
        miles: 30,
        maxPartySize: 8,
        rating: 4.7,
        preference: "preferred",
      }),
      10,
    ),
    {
      score: 75.1,
      breakdown: {
        distance: 20,
        partyFit: 16,
        workload: 15,
        rating: 14.1,
        preference: 10,
      },
    },
  );
  // 5 miles → 40 × (1 − 5/60) = 36.666… → 36.67; one event that week → 13.5.
  assert.deepEqual(
    scoreChef(chef({ miles: 5, weekEvents: 1, rating: 4.8 }), 10).breakdown,
    {
      distance: 36.67,
      partyFit: 20,
      workload: 13.5,
      rating: 14.4,
      preference: 0,
    },
  );
  assert.equal(scoreChef(chef({ miles: null }), 10).breakdown.distance, 0);
  assert.equal(scoreChef(chef({ miles: 90 }), 10).breakdown.distance, 0);
  assert.equal(
    scoreChef(chef({ preference: "previous" }), 10).breakdown.preference,
    5,
  );
  assert.equal(round2(0.125), 0.13);
});

Deno.test("ranking: available first, then score, then name", () => {
  const ranked = rankChefs([
    chef({ chefId: "a", name: "Busy Best", unavailableReason: "busy" }),
    chef({ chefId: "b", name: "Far", miles: 45 }),
    chef({ chefId: "c", name: "Near", miles: 1 }),
    chef({ chefId: "d", name: "Also Near", miles: 1 }),
  ], { guests: 10 });
  assert.deepEqual(ranked.map((s) => s.chefId), ["d", "c", "b", "a"]);
  assert.equal(ranked[3].available, false);
  assert.equal(ranked[3].unavailableReason, "busy");
  assert.equal(
    bestAvailableChef([chef({ unavailableReason: "time_off" })], { guests: 1 }),
    null,
  );
});

Deno.test("property: score is the sum of its breakdown, within 0..100", () => {
  fc.assert(
    fc.property(candidate, fc.integer({ min: 1, max: 50 }), (c, guests) => {
      const { score, breakdown } = scoreChef(c, guests);
      const sum = breakdown.distance + breakdown.partyFit + breakdown.workload +
        breakdown.rating + breakdown.preference;
      assert.ok(Math.abs(score - sum) < 1e-9);
      assert.ok(score >= 0 && score <= 100);
      for (const [k, w] of Object.entries(CHEF_SCORE_WEIGHTS)) {
        const v = breakdown[k as keyof typeof breakdown];
        assert.ok(v >= 0 && v <= w, `${k} = ${v}`);
      }
    }),
  );
});

Deno.test("property: closer, lighter, better-rated chefs never score lower", () => {
  fc.assert(
    fc.property(candidate, fc.integer({ min: 1, max: 50 }), (c, guests) => {
      const s = scoreChef(c, guests).score;
      if (c.miles !== null && c.miles > 0) {
        assert.ok(scoreChef({ ...c, miles: c.miles - 1 }, guests).score >= s);
      }
      if (c.weekEvents > 0) {
        assert.ok(
          scoreChef({ ...c, weekEvents: c.weekEvents - 1 }, guests).score >= s,
        );
      }
      if (c.rating <= 4.9) {
        assert.ok(
          scoreChef({ ...c, rating: c.rating + 0.1 }, guests).score >= s,
        );
      }
    }),
  );
});

Deno.test("property: the ranking is a sorted permutation with available chefs first", () => {
  fc.assert(fc.property(fc.array(candidate, { maxLength: 12 }), (cs) => {
    const ranked = rankChefs(cs, { guests: 12 });
    assert.equal(ranked.length, cs.length);
    assert.deepEqual(
      ranked.map((s) => s.chefId).sort(),
      cs.map((c) => c.chefId).sort(),
    );
    for (let i = 1; i < ranked.length; i++) {
      const a = ranked[i - 1], b = ranked[i];
      assert.ok(Number(a.available) >= Number(b.available));
      if (a.available === b.available) assert.ok(a.score >= b.score);
    }
    const best = bestAvailableChef(cs, { guests: 12 });
    assert.equal(
      best?.chefId ?? null,
      ranked.find((s) => s.available)?.chefId ?? null,
    );
  }));
});
