import assert from "node:assert/strict";
import fc from "fast-check";
import {
  computeQuote,
  DEFAULT_MENU,
  DEFAULT_PRICING,
} from "../../lib/pricing/mod.ts";
import { quoteAnswerJson } from "../../lib/pricing/quote_json.ts";
import type { QuoteAnswer } from "../../lib/pricing/service.ts";

/**
 * Any single UTF-16 unit, the edges of the escaping (U+007F, U+0080, lone
 * surrogates, separators, what JSON itself escapes) often.
 */
const anyUnit = fc.oneof(
  fc.constantFrom(
    "\u007f",
    "\u0080",
    "\u00ff",
    "\u2013",
    "\u2028",
    "\ud800",
    "\udfff",
    '"',
    "\\",
    "\n",
  ),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

/**
 * Any text an admin could type as a label or name. `binary` alone gave no
 * lone surrogate and no U+007F in 2,000 samples, so half the strings are
 * made of {@link anyUnit}.
 */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: anyUnit, maxLength: 30 }),
);

const option = fc.record({
  slug: text,
  name: text,
  travelMiles: fc.integer({ min: 0, max: 2000 }),
});

const proteins = DEFAULT_MENU.filter((m) => m.kind === "protein");
const addons = DEFAULT_MENU.filter((m) => m.kind === "addon");

/** Servings of some of `items`, as a quote body names them. */
function servings(items: typeof DEFAULT_MENU) {
  return fc.dictionary(
    fc.constantFrom(...items.map((m) => m.code)),
    fc.integer({ min: 1, max: 40 }),
  );
}

const answer: fc.Arbitrary<QuoteAnswer> = fc.record({
  labels: fc.array(text, {
    minLength: DEFAULT_MENU.length,
    maxLength: DEFAULT_MENU.length,
  }),
  adults: fc.integer({ min: 1, max: 30 }),
  children: fc.integer({ min: 0, max: 15 }),
  under6: fc.integer({ min: 0, max: 5 }),
  extraProteins: servings(proteins),
  addons: servings(addons),
  gratuityPercent: fc.integer({ min: 0, max: 50 }),
  miles: fc.integer({ min: 0, max: 400 }),
  location: option,
  locations: fc.array(option, { maxLength: 4 }),
}).map((a) => {
  const menu = DEFAULT_MENU.map((m, i) => ({ ...m, label: a.labels[i] }));
  const fed = a.adults + a.children;
  const quote = computeQuote(
    {
      adults: a.adults,
      children: a.children,
      under6: a.under6,
      // Every premium protein shows as a line: split the servings over all.
      proteins: Object.fromEntries(
        proteins.map((p, i) => [
          p.code,
          Math.floor(2 * fed / proteins.length) +
          (i < (2 * fed) % proteins.length ? 1 : 0),
        ]),
      ),
      extraProteins: a.extraProteins,
      addons: a.addons,
      zip: "94539",
      gratuityPercent: a.gratuityPercent,
    },
    DEFAULT_PRICING,
    menu,
    { miles: a.miles },
  );
  return { ...quote, location: a.location, locations: a.locations };
});

/** `JSON.stringify`'s text with every unit past U+007E as `\uXXXX`. */
function escapedStringify(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (unit) => "\\u" + unit.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

Deno.test("quoteAnswerJson is JSON.stringify of the answer in ASCII, character for character", () => {
  fc.assert(
    fc.property(answer, (a) => {
      const json = quoteAnswerJson(a);
      assert.equal(json, escapedStringify(a));
      assert.match(json, /^[\x20-\x7e]*$/);
      assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(a)));
    }),
    { numRuns: 300 },
  );
});

Deno.test("quoteAnswerJson escapes what a label can hold", () => {
  const [a] = fc.sample(answer, { numRuns: 1, seed: 7 });
  const odd = {
    ...a,
    lines: [{ ...a.lines[0], label: 'Say "hi"\\\n\u2028\ud800\u007f' }],
    locations: [],
  };
  assert.deepEqual(
    JSON.parse(quoteAnswerJson(odd)),
    JSON.parse(JSON.stringify(odd)),
  );
  assert.equal(quoteAnswerJson(odd), escapedStringify(odd));
  assert.ok(
    quoteAnswerJson(odd).includes(
      String.raw`"Say \"hi\"\\\n\u2028\ud800\u007f"`,
    ),
  );
});

Deno.test("quoteAnswerJson writes the seed's child label with its dash escaped", () => {
  const [a] = fc.sample(answer, { numRuns: 1, seed: 3 });
  const child = {
    ...a,
    lines: [{ ...a.lines[0], label: "Child (6\u201312)" }],
  };
  assert.ok(quoteAnswerJson(child).includes(String.raw`"Child (6\u201312)"`));
  assert.equal(
    JSON.parse(quoteAnswerJson(child)).lines[0].label,
    "Child (6–12)",
  );
});
