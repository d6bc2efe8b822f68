/**
 * Exact integer rounding for money.
 *
 * @module
 */

/**
 * Returns `numerator / denominator` rounded half up, computed with integers only
 * (no float division), so 0.5 cent always rounds to 1 cent.
 *
 * Both arguments must be non-negative safe integers and `denominator` > 0.
 *
 * @example roundHalfUpDiv(45375000, 10000) === 4538 // 4537.5 → 4538
 */
export function roundHalfUpDiv(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new RangeError(
      `numerator must be a non-negative safe integer, got ${numerator}`,
    );
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(
      `denominator must be a positive safe integer, got ${denominator}`,
    );
  }
  const doubled = 2 * numerator + denominator;
  const divisor = 2 * denominator;
  // floor((2n + d) / 2d) == round-half-up(n / d); the remainder makes the division exact.
  return (doubled - (doubled % divisor)) / divisor;
}

/**
 * `amountCents · bps / 10000` rounded half up to the cent (bps = basis points: 825 = 8.25 %).
 */
export function applyBasisPoints(amountCents: number, bps: number): number {
  return roundHalfUpDiv(amountCents * bps, 10000);
}

/** `amountCents · percent / 100` rounded half up to the cent; `percent` is an integer. */
export function applyPercent(amountCents: number, percent: number): number {
  return roundHalfUpDiv(amountCents * percent, 100);
}
