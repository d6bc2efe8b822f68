import assert from "node:assert/strict";
import fc from "fast-check";
import {
  availabilityQuerySchema,
  bookingBodySchema,
  holdBodySchema,
  quoteBodySchema,
  searchParamsToObject,
} from "../../lib/schemas/mod.ts";
import { zodIssues } from "../../lib/http/errors.ts";
import { DEFAULT_MENU, DEFAULT_PRICING } from "../../lib/pricing/types.ts";
import type { z } from "zod";

/** The issue paths of a failed parse (sorted), or null when it succeeded. */
function issuePaths(schema: z.ZodType, value: unknown): string[] | null {
  const r = schema.safeParse(value);
  return r.success ? null : zodIssues(r.error).map((i) => i.path).sort();
}

const quote = {
  adults: 8,
  children: 2,
  under6: 1,
  proteins: { chicken: 10, lobster_tail: 10 },
  zip: "94539",
};
const booking = {
  ...quote,
  gratuityPercent: 20,
  date: "2026-07-04",
  time: "18:00",
  holdId: "5b0e8f4e-3c1f-4d7a-9a53-2d3b0f6a1c11",
  customer: {
    name: "Ana Díaz",
    email: "ana@example.com",
    phone: "+1 (510) 555-0100",
  },
  address: {
    line1: "1 Mission Blvd",
    city: "Fremont",
    state: "ca",
    zip: "94539",
  },
  notes: "Gate code 1234",
  paymentMethod: "zelle",
};

Deno.test("quote schema: accepts a valid body, rejects unknown keys and bad types with paths", () => {
  const ok = quoteBodySchema().safeParse(quote);
  assert.ok(ok.success, JSON.stringify(ok.error?.issues));
  assert.deepEqual(
    issuePaths(quoteBodySchema(), { ...quote, coupon: "FREE" }),
    ["coupon"],
  );
  assert.deepEqual(issuePaths(quoteBodySchema(), { ...quote, adults: 2.5 }), [
    "adults",
  ]);
  assert.deepEqual(issuePaths(quoteBodySchema(), { ...quote, adults: "8" }), [
    "adults",
  ]);
  assert.deepEqual(issuePaths(quoteBodySchema(), { ...quote, zip: "9453" }), [
    "zip",
  ]);
  assert.deepEqual(
    issuePaths(quoteBodySchema(), { ...quote, gratuityPercent: 51 }),
    ["gratuityPercent"],
  );
  // the bad count, and the sum it breaks
  assert.deepEqual(
    issuePaths(quoteBodySchema(), { ...quote, proteins: { chicken: -1 } }),
    ["proteins", "proteins.chicken"],
  );
  const { zip: _zip, ...noZip } = quote;
  assert.deepEqual(issuePaths(quoteBodySchema(), noZip), ["zip"]);
  assert.deepEqual(issuePaths(quoteBodySchema(), null), [""]);
  assert.deepEqual(issuePaths(quoteBodySchema(), [quote]), [""]);
});

Deno.test("quote schema: cross-field rules carry the right path", () => {
  // protein servings must be 2 per adult and child: 2·(8+2) = 20
  assert.deepEqual(
    issuePaths(quoteBodySchema(), { ...quote, proteins: { chicken: 19 } }),
    ["proteins"],
  );
  // party of zero adults and children (under-6 alone cannot book)
  assert.deepEqual(
    issuePaths(quoteBodySchema(), {
      ...quote,
      adults: 0,
      children: 0,
      under6: 3,
      proteins: {},
    }),
    ["adults"],
  );
  // 45 + 5 + 1 = 51 > 50 (under 6 counted)
  assert.deepEqual(
    issuePaths(quoteBodySchema(), {
      ...quote,
      adults: 45,
      children: 5,
      under6: 1,
      proteins: { tofu: 100 },
    }),
    ["adults"],
  );
  assert.equal(
    issuePaths(quoteBodySchema(), {
      ...quote,
      adults: 45,
      children: 5,
      under6: 0,
      proteins: { tofu: 100 },
    }),
    null,
  );
  // unknown and inactive menu codes, and a protein used as add-on
  const menu = DEFAULT_MENU.map((m) =>
    m.code === "scallops" ? { ...m, active: false } : m
  );
  const rules = { proteinsPerGuest: 2, maxPartySize: 50, menu };
  assert.deepEqual(
    issuePaths(quoteBodySchema(rules), {
      ...quote,
      proteins: { chicken: 10, scallops: 10 },
      addons: { chicken: 1, gyoza: 3 },
      extraProteins: { unicorn: 1 },
    }),
    ["addons.chicken", "extraProteins.unicorn", "proteins.scallops"],
  );
  // without a menu only the structure is checked
  assert.equal(
    issuePaths(quoteBodySchema({ proteinsPerGuest: 2, maxPartySize: 50 }), {
      ...quote,
      addons: { unicorn: 1 },
    }),
    null,
  );
  // admin-edited numbers apply
  assert.equal(
    issuePaths(quoteBodySchema({ proteinsPerGuest: 3, maxPartySize: 50 }), {
      ...quote,
      proteins: { tofu: 30 },
    }),
    null,
  );
});

Deno.test("quote schema: prototype keys and oversized maps are refused", () => {
  const polluted = JSON.parse(
    '{"adults":1,"children":0,"proteins":{"__proto__":2},"zip":"94539"}',
  );
  const paths = issuePaths(quoteBodySchema(), polluted);
  assert.ok(
    paths && paths.some((p) => p.startsWith("proteins")),
    JSON.stringify(paths),
  );
  const topProto = JSON.parse(
    '{"adults":1,"children":0,"proteins":{"tofu":2},"zip":"94539","__proto__":{"x":1}}',
  );
  assert.deepEqual(issuePaths(quoteBodySchema(), topProto), ["__proto__"]);
  const many = Object.fromEntries(
    Array.from({ length: 21 }, (_, i) => [`c${i}`, 0]),
  );
  assert.ok(
    issuePaths(quoteBodySchema({ proteinsPerGuest: 2, maxPartySize: 50 }), {
      ...quote,
      addons: many,
    })
      ?.includes("addons"),
  );
});

Deno.test("booking schema: valid body, normalization, nested strictness and cross-field paths", () => {
  const r = bookingBodySchema().safeParse(booking);
  assert.ok(r.success, JSON.stringify(r.error?.issues));
  assert.equal(r.data.address.state, "CA");
  assert.equal(r.data.paymentMethod, "zelle");
  assert.deepEqual(
    issuePaths(bookingBodySchema(), { ...booking, time: "19:00" }),
    ["time"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), { ...booking, date: "2026-02-30" }),
    ["date"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), { ...booking, holdId: "nope" }),
    ["holdId"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), { ...booking, paymentMethod: "cash" }),
    ["paymentMethod"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), { ...booking, notes: "x".repeat(1001) }),
    ["notes"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), {
      ...booking,
      customer: { ...booking.customer, email: "no", admin: true },
    }),
    ["customer.admin", "customer.email"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), {
      ...booking,
      customer: { ...booking.customer, phone: "12" },
    }),
    ["customer.phone"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), {
      ...booking,
      address: { ...booking.address, zip: "94538" },
    }),
    ["address.zip"],
  );
  assert.deepEqual(
    issuePaths(bookingBodySchema(), {
      ...booking,
      address: { ...booking.address, line1: "   " },
    }),
    ["address.line1"],
  );
  const { customer: _c, ...noCustomer } = booking;
  assert.deepEqual(issuePaths(bookingBodySchema(), noCustomer), ["customer"]);
});

Deno.test("holds and availability schemas", () => {
  assert.ok(
    holdBodySchema().safeParse({
      date: "2026-07-04",
      time: "12:00",
      location: "fremont",
    }).success,
  );
  assert.deepEqual(
    issuePaths(holdBodySchema(), { date: "2026-07-04", time: "12:30" }),
    ["time"],
  );
  assert.deepEqual(
    issuePaths(holdBodySchema(), { date: "2026-07-04", time: "12:00", x: 1 }),
    ["x"],
  );
  assert.deepEqual(
    issuePaths(holdBodySchema(), {
      date: "2026-07-04",
      time: "12:00",
      location: "../etc",
    }),
    [
      "location",
    ],
  );

  const q = (s: string) => searchParamsToObject(new URLSearchParams(s));
  assert.ok(
    availabilityQuerySchema.safeParse(q("from=2026-07-01&to=2026-07-31"))
      .success,
  );
  // 62 dates inclusive is the limit
  assert.ok(
    availabilityQuerySchema.safeParse(q("from=2026-07-01&to=2026-08-31"))
      .success,
  );
  assert.deepEqual(
    issuePaths(availabilityQuerySchema, q("from=2026-07-01&to=2026-09-01")),
    ["to"],
  );
  assert.deepEqual(
    issuePaths(availabilityQuerySchema, q("from=2026-07-02&to=2026-07-01")),
    ["to"],
  );
  assert.deepEqual(issuePaths(availabilityQuerySchema, q("from=2026-07-01")), [
    "to",
  ]);
  assert.deepEqual(
    issuePaths(
      availabilityQuerySchema,
      q("from=2026-07-01&to=2026-07-02&to=2026-07-03"),
    ),
    ["to"],
  );
  assert.deepEqual(
    issuePaths(
      availabilityQuerySchema,
      q("from=2026-07-01&to=2026-07-02&debug=1"),
    ),
    ["debug"],
  );
});

// ---- fuzzing --------------------------------------------------------------

const schemas: [string, z.ZodType][] = [
  ["quote", quoteBodySchema()],
  ["booking", bookingBodySchema()],
  ["hold", holdBodySchema()],
  ["availability", availabilityQuerySchema],
];

function assertTypedFailureOrSuccess(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value); // must never throw
  if (!r.success) {
    const issues = zodIssues(r.error);
    assert.ok(issues.length > 0);
    for (const i of issues) {
      assert.equal(typeof i.path, "string");
      assert.equal(typeof i.message, "string");
      assert.ok(i.message.length > 0);
    }
  }
}

Deno.test("fuzz: arbitrary JSON never throws and always yields typed issues with paths", () => {
  for (const [, schema] of schemas) {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        (v) => assertTypedFailureOrSuccess(schema, v),
      ),
      {
        numRuns: 300,
      },
    );
  }
});

Deno.test("fuzz: valid bodies with one field replaced, removed or added fail at that field", () => {
  const cases: [z.ZodType, Record<string, unknown>][] = [[
    quoteBodySchema(),
    quote,
  ], [bookingBodySchema(), booking]];
  for (const [schema, valid] of cases) {
    const keys = Object.keys(valid);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.string({ maxLength: 3000 }),
          fc.double(),
        ),
        (key, junk) => {
          const r = schema.safeParse({ ...valid, [key]: junk });
          if (!r.success) {
            const paths = zodIssues(r.error).map((i) => i.path);
            // the junk field itself, something inside it, or a cross-field rule that reads it
            const crossField = ["adults", "proteins", "time", "address.zip"];
            assert.ok(
              paths.some((p) =>
                p === key || p.startsWith(`${key}.`) || crossField.includes(p)
              ),
              `${key}: ${JSON.stringify(paths)}`,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) =>
          !keys.includes(k)
        ),
        fc.jsonValue({ maxDepth: 1 }),
        (key, v) => {
          const r = schema.safeParse({ ...valid, [key]: v });
          assert.equal(r.success, false);
          assert.ok(zodIssues(r.error!).some((i) => i.path === key), key);
        },
      ),
      { numRuns: 200 },
    );
  }
});

Deno.test("fuzz: every valid quote body the schema accepts prices without error", async () => {
  const { computeQuote } = await import("../../lib/pricing/quote.ts");
  const proteinCodes = DEFAULT_MENU.filter((m) => m.kind === "protein").map((
    m,
  ) => m.code);
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
    fc.constantFrom(...proteinCodes),
    (adults, children, under6, code) => {
      const body = {
        adults,
        children,
        under6,
        proteins: { [code]: 2 * (adults + children) },
        zip: "94539",
      };
      const r = quoteBodySchema().safeParse(body);
      const valid = adults + children >= 1 && adults + children + under6 <= 50;
      assert.equal(r.success, valid);
      if (r.success) {
        computeQuote(r.data, DEFAULT_PRICING, DEFAULT_MENU, { miles: 10 });
      }
    },
  ));
});
