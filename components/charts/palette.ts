/**
 * Series colours of the staff charts: distinguishable for common colour
 * vision deficiencies (Okabe–Ito) and at least 3:1 against white (WCAG 1.4.11
 * non-text contrast). Series are also told apart by their table column, never
 * by colour alone.
 */
export const SERIES_COLORS: readonly string[] = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#8a6d00",
  "#56707f",
];

/** Colour of the `i`-th series (cycles). */
export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length];
}
