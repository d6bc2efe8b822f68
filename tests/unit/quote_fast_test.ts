import assert from "node:assert/strict";
import fc from "fast-check";
import { acceptQuoteBody } from "../../lib/schemas/quote_fast.ts";
import {
  DEFAULT_SCHEMA_RULES,
  quoteBodySchema,
  type SchemaRules,
} from "../../lib/schemas/mod.ts";
import { DEFAULT_MENU } from "../../lib/pricing/mod.ts";

const PROTEINS = DEFAULT_MENU.filter((m) => m.kind === "protein").map((m) =>
  m.code
);
const ADDONS = DEFAULT_MENU.filter((m) => m.kind === "addon").map((m) =>
  m.code
);

const RULES: SchemaRules[] = [
  DEFAULT_SCHEMA_RULES,
  { proteinsPerGuest: 3, maxPartySize: 12, menu: DEFAULT_MENU },
  { proteinsPerGuest: 2, maxPartySize: 50 },
];

/** Splits `total` servings over `codes` (some codes may get 0). */
function spread(codes: string[], total: number, cuts: number[]) {
  const out: Record<string, number> = {};
  let left = total;
  codes.forEach((code, i) => {
    const n = i === codes.length - 1 ? left : Math.min(left, cuts[i] ?? 0);
    if (n > 0 || i === 0) out[code] = (out[code] ?? 0) + n;
    left -= n;
  });
  return out;
}

/** A valid body under `rules` (every optional field sometimes present). */
function validBody(rules: SchemaRules) {
  return fc.record({
    adults: fc.integer({ min: 1, max: rules.maxPartySize }),
    childShare: fc.integer({ min: 0, max: 100 }),
    under6: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    codes: fc.uniqueArray(fc.constantFrom(...PROTEINS), {
      minLength: 1,
      maxLength: 4,
    }),
    cuts: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
    addons: fc.option(
      fc.dictionary(fc.constantFrom(...ADDONS), fc.integer({ min: 0, max: 9 })),
      { nil: undefined },
    ),
    extras: fc.option(
      fc.dictionary(
        fc.constantFrom(...PROTEINS),
        fc.integer({ min: 0, max: 9 }),
      ),
      { nil: undefined },
    ),
    zip: fc.constantFrom("94538", "95014", "90210", "00000"),
    gratuityPercent: fc.option(fc.integer({ min: 0, max: 50 }), {
      nil: undefined,
    }),
    location: fc.option(fc.constantFrom("fremont", "san-jose", "x_1"), {
      nil: undefined,
    }),
    date: fc.option(fc.constantFrom("2026-12-31", "2027-02-28"), {
      nil: undefined,
    }),
  }).map((g) => {
    const room = rules.maxPartySize - g.adults;
    const children = Math.floor((room * g.childShare) / 100);
    const under6 = g.under6 === undefined
      ? undefined
      : Math.min(g.under6, rules.maxPartySize - g.adults - children);
    const body: Record<string, unknown> = {
      adults: g.adults,
      children,
      proteins: spread(
        g.codes,
        rules.proteinsPerGuest * (g.adults + children),
        g.cuts,
      ),
      zip: g.zip,
    };
    if (under6 !== undefined) body.under6 = under6;
    if (g.addons) body.addons = g.addons;
    if (g.extras) body.extraProteins = g.extras;
    if (g.gratuityPercent !== undefined) {
      body.gratuityPercent = g.gratuityPercent;
    }
    if (g.location) body.location = g.location;
    if (g.date) body.date = g.date;
    return body;
  });
}

const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    -0,
    -1,
    1.5,
    51,
    1e21,
    NaN,
    Infinity,
    "12",
    "9453",
    "945380",
    "2026-02-30",
    "2026-2-3",
    "__proto__",
    "bad code",
    "sushi",
    "yakisoba",
    null,
    true,
    [],
    {},
    undefined,
  ),
);

/** A valid body with one field changed, removed or added. */
function mutated(rules: SchemaRules) {
  return fc.tuple(
    validBody(rules),
    // Every field the schema knows, one it does not, and keys inside maps.
    fc.constantFrom(
      ...Object.keys(quoteBodySchema(rules).shape),
      "other",
      "proteins.code",
      "addons.code",
    ),
    oddValue,
    fc.boolean(),
  ).map(([body, field, value, remove]) => {
    const out: Record<string, unknown> = structuredClone(body);
    if (field === "proteins.code" || field === "addons.code") {
      const map = field === "proteins.code" ? "proteins" : "addons";
      const inner = { ...(out[map] as Record<string, unknown> ?? {}) };
      inner[typeof value === "string" ? value : "chicken"] = value;
      out[map] = inner;
    } else if (remove) delete out[field];
    else out[field] = value;
    return out;
  });
}

function agrees(rules: SchemaRules, body: unknown): boolean {
  const fast = acceptQuoteBody(body, rules);
  const parsed = quoteBodySchema(rules).safeParse(body);
  if (fast === null) return true;
  assert.ok(parsed.success, `fast path accepted what zod rejects`);
  // Same values and the same key order as zod's output.
  assert.deepStrictEqual(fast, parsed.data);
  assert.equal(JSON.stringify(fast), JSON.stringify(parsed.data));
  return true;
}

Deno.test("fast quote body: every valid body is accepted, equal to zod's output", () => {
  for (const rules of RULES) {
    fc.assert(
      fc.property(validBody(rules), (body) => {
        const parsed = quoteBodySchema(rules).safeParse(body);
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
        const fast = acceptQuoteBody(body, rules);
        assert.notEqual(fast, null, "a valid body took the zod path");
        assert.equal(JSON.stringify(fast), JSON.stringify(parsed.data));
      }),
      { numRuns: 300 },
    );
  }
});

Deno.test("fast quote body: accepts nothing zod rejects, and returns zod's value", () => {
  for (const rules of RULES) {
    fc.assert(fc.property(mutated(rules), (body) => agrees(rules, body)), {
      numRuns: 1500,
    });
    fc.assert(fc.property(oddValue, (body) => agrees(rules, body)));
  }
});

Deno.test("fast quote body: leaves the rule-breaking bodies to zod", () => {
  const ok = {
    adults: 10,
    children: 0,
    proteins: { chicken: 20 },
    zip: "94538",
  };
  const rules = DEFAULT_SCHEMA_RULES;
  assert.notEqual(acceptQuoteBody(ok, rules), null);
  const refused = [
    { ...ok, proteins: { chicken: 19 } }, // protein sum
    { ...ok, proteins: { yakisoba: 20 } }, // an add-on as protein
    { ...ok, adults: 0 }, // nobody fed
    { ...ok, adults: 50, under6: 1 }, // party too large
    { ...ok, extra: 1 }, // strict object
    { ...ok, zip: 94538 },
    { ...ok, under6: undefined }, // present but undefined
    Object.assign(Object.create({ inherited: 1 }), ok), // not a plain object
    [ok],
    null,
  ];
  for (const body of refused) {
    assert.equal(acceptQuoteBody(body, rules), null, JSON.stringify(body));
  }
});
