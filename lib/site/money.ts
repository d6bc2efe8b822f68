/** Display helpers for integer US cents on the public site. */

/**
 * Formats integer cents as US dollars; whole-dollar amounts drop the ".00"
 * because marketing copy reads better as "$55" than "$55.00".
 */
export function formatUsd(amountCents: number): string {
  if (!Number.isInteger(amountCents)) {
    throw new TypeError(`amountCents must be an integer, got ${amountCents}`);
  }
  // Written out rather than through Intl.NumberFormat: this module is in
  // the island bundles, and building the two currency formatters took
  // 70 ms of a throttled phone's main thread on every page load
  // (Lighthouse total blocking time, bench/lighthouse).
  const abs = Math.abs(amountCents);
  const dollars = String(Math.floor(abs / 100)).replace(
    /\B(?=(\d{3})+$)/g,
    ",",
  );
  const rest = abs % 100;
  return `${amountCents < 0 ? "-" : ""}$${dollars}${
    rest === 0 ? "" : `.${String(rest).padStart(2, "0")}`
  }`;
}
