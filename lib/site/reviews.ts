/**
 * Reviews as the public pages show them: approved reviews from the
 * `public.reviews` table (ADR 0035), loaded with the site catalog
 * (lib/pricing/marketing.ts) so that approving or hiding one regenerates the
 * cached pages. Nothing here is hand-written sample content: with no
 * approved review the pages show none, and no AggregateRating.
 *
 * @module
 */

/** One approved customer review, as the site shows it. */
export interface Review {
  id: string;
  /** The public display name ("Priya S."). */
  author: string;
  /** City of the event. */
  city: string;
  /** 1–5 stars. */
  rating: number;
  /** ISO date (YYYY-MM-DD) of the event. */
  date: string;
  body: string;
}

/** Count and average (rounded to one decimal) of a list of reviews. */
export function aggregateRating(
  reviews: readonly Review[],
): { count: number; average: number } {
  if (reviews.length === 0) return { count: 0, average: 0 };
  const sum = reviews.reduce((total, review) => total + review.rating, 0);
  return {
    count: reviews.length,
    average: Math.round((sum / reviews.length) * 10) / 10,
  };
}
