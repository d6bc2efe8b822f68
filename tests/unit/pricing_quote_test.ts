import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applyBasisPoints,
  computeQuote,
  DEFAULT_MENU,
  DEFAULT_PRICING,
  menuItemFromRow,
  type PricingSettings,
  pricingSettingsFromRow,
  type QuoteInput,
  QuoteInputError,
  roundHalfUpDiv,
} from "../../lib/pricing/mod.ts";

const S = DEFAULT_PRICING;
const M = DEFAULT_MENU;

Deno.test("quote: 10 adults of chicken exactly meet the minimum", () => {
  const q = computeQuote(
    { adults: 10, children: 0, proteins: { chicken: 20 }, zip: "94539" },
    S,
    M,
    { miles: 0 },
  );
  // food 10·5500 = 55000, no adjustment; tax 55000·8.25% = 4537.5 → 4538 (half up)
  assert.equal(q.foodSubtotalCents, 55000);
  assert.equal(q.minimumAdjustmentCents, 0);
  assert.equal(q.taxCents, 4538);
  assert.equal(q.gratuityCents, 0);
  assert.equal(q.travelFeeCents, 0);
  assert.equal(q.totalCents, 59538);
  assert.equal(q.depositCents, 10000);
  assert.equal(q.balanceDueCents, 49538);
  assert.equal(q.serviceable, true);
  assert.equal(q.currency, "usd");
  assert.deepEqual(q.lines.map((l) => l.code), ["adult", "tax"]);
});

Deno.test("quote: small party with premium, extras, add-ons, travel and gratuity", () => {
  const q = computeQuote(
    {
      adults: 2,
      children: 1,
      under6: 1,
      proteins: { chicken: 2, salmon: 2, lobster_tail: 2 },
      extraProteins: { lobster_tail: 1 },
      addons: { gyoza: 2 },
      zip: "95008",
      gratuityPercent: 20,
    },
    S,
    M,
    { miles: 45 },
  );
  // adults 2·5500 = 11000, child 3000, salmon 2·500 = 1000, lobster 2·1500 = 3000,
  // extra lobster 1·(1000+1500) = 2500, gyoza 2·1000 = 2000 → food 22500
  // adjustment 55000 − 22500 = 32500; base 55000; tax 4538; gratuity 20% = 11000
  // travel (45 − 30)·200 = 3000; total 22500+32500+3000+4538+11000 = 73538
  assert.deepEqual(q.lines, [
    {
      code: "adult",
      label: "Adult (13+)",
      quantity: 2,
      unitCents: 5500,
      totalCents: 11000,
    },
    {
      code: "child",
      label: "Child (6–12)",
      quantity: 1,
      unitCents: 3000,
      totalCents: 3000,
    },
    {
      code: "under6",
      label: "Under 6 (free)",
      quantity: 1,
      unitCents: 0,
      totalCents: 0,
    },
    {
      code: "premium:salmon",
      label: "Salmon (premium)",
      quantity: 2,
      unitCents: 500,
      totalCents: 1000,
    },
    {
      code: "premium:lobster_tail",
      label: "Lobster tail (premium)",
      quantity: 2,
      unitCents: 1500,
      totalCents: 3000,
    },
    {
      code: "extra_protein:lobster_tail",
      label: "Extra Lobster tail",
      quantity: 1,
      unitCents: 2500,
      totalCents: 2500,
    },
    {
      code: "addon:gyoza",
      label: "Gyoza",
      quantity: 2,
      unitCents: 1000,
      totalCents: 2000,
    },
    {
      code: "minimum_adjustment",
      label: "Minimum order adjustment",
      quantity: 1,
      unitCents: 32500,
      totalCents: 32500,
    },
    {
      code: "travel",
      label: "Travel (15 mi beyond 30 free)",
      quantity: 15,
      unitCents: 200,
      totalCents: 3000,
    },
    {
      code: "tax",
      label: "Sales tax (8.25%)",
      quantity: 1,
      unitCents: 4538,
      totalCents: 4538,
    },
    {
      code: "gratuity",
      label: "Gratuity (20%)",
      quantity: 1,
      unitCents: 11000,
      totalCents: 11000,
    },
  ]);
  assert.equal(q.foodSubtotalCents, 22500);
  assert.equal(q.minimumAdjustmentCents, 32500);
  assert.equal(q.travelMiles, 45);
  assert.equal(q.travelFeeCents, 3000);
  assert.equal(q.gratuityCents, 11000);
  assert.equal(q.totalCents, 73538);
  assert.equal(q.balanceDueCents, 63538);
});

Deno.test("quote: beyond 150 miles is priced but not serviceable", () => {
  const q = computeQuote(
    {
      adults: 30,
      children: 10,
      proteins: { steak: 40, shrimp: 40 },
      zip: "93401",
      gratuityPercent: 18,
    },
    S,
    M,
    { miles: 151 },
  );
  // food 30·5500 + 10·3000 = 195000; tax 16087.5 → 16088; gratuity 18% = 35100
  // travel (151 − 30)·200 = 24200; total 270388
  assert.equal(q.serviceable, false);
  assert.equal(q.taxCents, 16088);
  assert.equal(q.gratuityCents, 35100);
  assert.equal(q.travelFeeCents, 24200);
  assert.equal(q.totalCents, 270388);
  // exactly 150 miles is still served
  assert.equal(
    computeQuote(
      { adults: 1, children: 0, proteins: { tofu: 2 }, zip: "x" },
      S,
      M,
      { miles: 150 },
    )
      .serviceable,
    true,
  );
});

Deno.test("quote: deposit is capped at a smaller total", () => {
  const settings: PricingSettings = { ...S, minimumFoodCents: 0 };
  const q = computeQuote(
    { adults: 0, children: 1, proteins: { tofu: 2 }, zip: "94539" },
    settings,
    M,
    {
      miles: 30,
    },
  );
  // food 3000; tax 247.5 → 248; no travel at exactly 30 miles; total 3248
  assert.equal(q.totalCents, 3248);
  assert.equal(q.depositCents, 3248);
  assert.equal(q.balanceDueCents, 0);
  assert.equal(q.travelFeeCents, 0);
});

Deno.test("quote: rejects wrong protein sums, unknown and inactive codes with paths", () => {
  const menu = M.map((m) =>
    m.code === "scallops" ? { ...m, active: false } : m
  );
  const bad: QuoteInput = {
    adults: 2,
    children: 0,
    proteins: { chicken: 3, scallops: 2 },
    extraProteins: { gyoza: 1 },
    addons: { caviar: 1 },
    zip: "94539",
  };
  try {
    computeQuote(bad, S, menu, { miles: 0 });
    assert.fail("expected QuoteInputError");
  } catch (e) {
    assert.ok(e instanceof QuoteInputError);
    assert.deepEqual(e.issues.map((i) => i.path).sort(), [
      "addons.caviar",
      "extraProteins.gyoza",
      "proteins",
      "proteins.scallops",
    ]);
  }
});

Deno.test("rounding: half up with integers only", () => {
  assert.equal(roundHalfUpDiv(5, 10), 1);
  assert.equal(roundHalfUpDiv(4, 10), 0);
  assert.equal(roundHalfUpDiv(15, 10), 2);
  assert.equal(roundHalfUpDiv(0, 7), 0);
  assert.equal(applyBasisPoints(100, 825), 8); // 8.25 → 8
  assert.equal(applyBasisPoints(200, 825), 17); // 16.5 → 17
  assert.throws(() => roundHalfUpDiv(-1, 10), RangeError);
  assert.throws(() => roundHalfUpDiv(1, 0), RangeError);
});

Deno.test("types: rows convert from snake_case, strings become integers", () => {
  const row = {
    adult_price_cents: "5500",
    child_price_cents: 3000,
    extra_protein_cents: 1000,
    proteins_per_guest: 2,
    minimum_food_cents: 55000,
    free_travel_miles: 30,
    travel_fee_per_mile_cents: 200,
    max_travel_miles: 150,
    sales_tax_bps: 825,
    deposit_cents: 10000,
    max_party_size: 50,
    hold_minutes: 15,
    min_lead_hours: 48,
    max_lead_days: 365,
    deposit_due_hours: 24,
    free_cancellation_hours: 96,
    free_reschedule_hours: 24,
    reschedule_fee_cents: 10000,
    guest_count_final_hours: 24,
    menu_final_hours: 12,
    suggested_gratuity_percent: 20,
    slot_times: ["12:00:00", "15:00", "18:00", "21:00"],
    zelle_handle: "payments@myhibachi.example",
    venmo_handle: "@MyHibachi",
  };
  const s = pricingSettingsFromRow(row);
  assert.deepEqual(s, {
    ...DEFAULT_PRICING,
    slotTimes: [...DEFAULT_PRICING.slotTimes],
  });
  const item = menuItemFromRow({
    code: "lobster_tail",
    kind: "protein",
    label: "Lobster tail",
    premium_surcharge_cents: 1500,
    price_cents: null,
    active: true,
    sort_order: "90",
  });
  assert.deepEqual(item, M.find((m) => m.code === "lobster_tail"));
  assert.throws(
    () => menuItemFromRow({ ...item, kind: "drink" } as never),
    TypeError,
  );
  assert.throws(
    () => pricingSettingsFromRow({ ...row, adult_price_cents: "55.5" }),
    TypeError,
  );
});

// ---- properties -----------------------------------------------------------

const proteinCodes = M.filter((m) => m.kind === "protein").map((m) => m.code);
const addonCodes = M.filter((m) => m.kind === "addon").map((m) => m.code);

function countsOf(codes: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

const quoteInputArb: fc.Arbitrary<{ input: QuoteInput; miles: number }> = fc
  .record({
    adults: fc.integer({ min: 0, max: 35 }),
    children: fc.integer({ min: 0, max: 15 }),
  })
  .filter(({ adults, children }) => adults + children >= 1)
  .chain(({ adults, children }) =>
    fc.record({
      adults: fc.constant(adults),
      children: fc.constant(children),
      under6: fc.integer({ min: 0, max: 50 - adults - children }),
      proteins: fc.array(fc.constantFrom(...proteinCodes), {
        minLength: 2 * (adults + children),
        maxLength: 2 * (adults + children),
      }).map(countsOf),
      extraProteins: fc.array(fc.constantFrom(...proteinCodes), {
        maxLength: 10,
      }).map(countsOf),
      addons: fc.array(fc.constantFrom(...addonCodes), { maxLength: 60 }).map(
        countsOf,
      ),
      gratuityPercent: fc.integer({ min: 0, max: 50 }),
      miles: fc.integer({ min: 0, max: 400 }),
    })
  )
  .map(({ miles, ...rest }) => ({ input: { ...rest, zip: "94539" }, miles }));

Deno.test("property: total is the sum of line totals; lines are quantity × unit", () => {
  fc.assert(fc.property(quoteInputArb, ({ input, miles }) => {
    const q = computeQuote(input, S, M, { miles });
    assert.equal(q.totalCents, q.lines.reduce((s, l) => s + l.totalCents, 0));
    for (const l of q.lines) {
      assert.ok(Number.isSafeInteger(l.totalCents) && l.totalCents >= 0);
      assert.equal(l.totalCents, l.quantity * l.unitCents);
    }
    assert.equal(
      q.totalCents,
      q.foodSubtotalCents + q.minimumAdjustmentCents + q.travelFeeCents +
        q.taxCents +
        q.gratuityCents,
    );
  }));
});

Deno.test("property: deposit ≤ total and balance = total − deposit", () => {
  const settingsArb = fc.record({
    minimumFoodCents: fc.integer({ min: 0, max: 100000 }),
    depositCents: fc.integer({ min: 0, max: 500000 }),
  });
  fc.assert(
    fc.property(quoteInputArb, settingsArb, ({ input, miles }, over) => {
      const q = computeQuote(input, { ...S, ...over }, M, { miles });
      assert.ok(q.depositCents <= q.totalCents);
      assert.equal(q.depositCents, Math.min(over.depositCents, q.totalCents));
      assert.equal(q.balanceDueCents, q.totalCents - q.depositCents);
    }),
  );
});

Deno.test("property: adding a guest never lowers the total", () => {
  fc.assert(fc.property(
    quoteInputArb,
    fc.constantFrom("adults", "children", "under6"),
    fc.constantFrom(...proteinCodes),
    ({ input, miles }, who, protein) => {
      const before = computeQuote(input, S, M, { miles });
      const more: QuoteInput = { ...input, [who]: (input[who] ?? 0) + 1 };
      if (who !== "under6") {
        more.proteins = {
          ...input.proteins,
          [protein]: (input.proteins[protein] ?? 0) + 2,
        };
      }
      const after = computeQuote(more, S, M, { miles });
      assert.ok(
        after.totalCents >= before.totalCents,
        `${after.totalCents} < ${before.totalCents}`,
      );
    },
  ));
});

Deno.test("property: the minimum food spend always holds", () => {
  fc.assert(fc.property(quoteInputArb, ({ input, miles }) => {
    const q = computeQuote(input, S, M, { miles });
    assert.ok(
      q.foodSubtotalCents + q.minimumAdjustmentCents >= S.minimumFoodCents,
    );
    assert.equal(
      q.minimumAdjustmentCents,
      Math.max(0, S.minimumFoodCents - q.foodSubtotalCents),
    );
  }));
});

Deno.test("property: tax and gratuity are half-up roundings of the exact rationals", () => {
  fc.assert(fc.property(
    quoteInputArb,
    fc.integer({ min: 0, max: 2000 }),
    ({ input, miles }, bps) => {
      const q = computeQuote(input, { ...S, salesTaxBps: bps }, M, { miles });
      const base = BigInt(q.foodSubtotalCents + q.minimumAdjustmentCents);
      // tax = ⌊base·bps/10000 + 1/2⌋  ⇔  20000·tax ≤ 2·base·bps + 10000 < 20000·(tax + 1)
      const twice = 2n * base * BigInt(bps) + 10000n;
      const tax = BigInt(q.taxCents);
      assert.ok(20000n * tax <= twice && twice < 20000n * (tax + 1n));
      const g = BigInt(input.gratuityPercent ?? 0);
      const gTwice = 2n * base * g + 100n;
      const grat = BigInt(q.gratuityCents);
      assert.ok(200n * grat <= gTwice && gTwice < 200n * (grat + 1n));
    },
  ));
});

Deno.test("property: travel fee is 200 per mile beyond 30, serviceable up to 150", () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), (miles) => {
    const q = computeQuote(
      { adults: 10, children: 0, proteins: { chicken: 20 }, zip: "94539" },
      S,
      M,
      {
        miles,
      },
    );
    assert.equal(q.travelFeeCents, Math.max(0, miles - 30) * 200);
    assert.equal(q.serviceable, miles <= 150);
  }));
});
