/** formatUsd writes what en-US Intl currency formatting writes, without building Intl formatters in the browser. */
import assert from "node:assert/strict";
import { formatUsd } from "../../lib/site/money.ts";

const intl = (fractionDigits: number) =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });

Deno.test("formatUsd matches Intl's en-US currency format (whole dollars without cents)", () => {
  const [whole, cents] = [intl(0), intl(2)];
  const expected = (c: number) =>
    c % 100 === 0 ? whole.format(c / 100) : cents.format(c / 100);
  const samples = [0, 1, 9, 10, 99, 100, 101, 5500, 99999, 100000, 123456, -1];
  // A fixed linear congruential sequence: many magnitudes, same every run.
  let x = 12345;
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const c = (x % 2 ** (i % 31)) * (i % 7 === 0 ? -1 : 1);
    samples.push(c === 0 ? 0 : c);
  }
  for (const c of samples) assert.equal(formatUsd(c), expected(c), `${c}`);
  assert.equal(formatUsd(5500), "$55");
  // Intl writes "-$0" for negative zero; nobody owes minus nothing.
  assert.equal(formatUsd(-0), "$0");
  assert.equal(formatUsd(123456), "$1,234.56");
  assert.throws(() => formatUsd(1.5), /integer/);
});
