/** Display helpers for integer US cents on the public site. */

const whole = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const cents = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/**
 * Formats integer cents as US dollars; whole-dollar amounts drop the ".00"
 * because marketing copy reads better as "$55" than "$55.00".
 */
export function formatUsd(amountCents: number): string {
  if (!Number.isInteger(amountCents)) {
    throw new TypeError(`amountCents must be an integer, got ${amountCents}`);
  }
  return amountCents % 100 === 0
    ? whole.format(amountCents / 100)
    : cents.format(amountCents / 100);
}
