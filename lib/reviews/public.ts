/**
 * The approved reviews the public pages show, read as `anon` (RLS lets anon
 * read approved reviews only). Demo reviews (seeded, `is_demo`) are left out
 * unless the caller allows them: the production profile never does.
 *
 * @module
 */
import type { TransactionSql } from "../db/mod.ts";
import type { Review } from "../site/reviews.ts";

/** Most reviews a page shows (newest events first). */
export const PUBLIC_REVIEWS_LIMIT = 100;

/** Approved reviews, newest event first. */
export async function loadPublicReviews(
  tx: TransactionSql,
  opts: { includeDemo: boolean },
): Promise<Review[]> {
  const rows = await tx<{
    id: string;
    display_name: string;
    city: string;
    rating: number;
    event_date: string;
    body: string;
  }[]>`
    select id, display_name, city, rating, event_date::text as event_date, body
    from public.reviews
    where status = 'approved' and (${opts.includeDemo}::boolean or not is_demo)
    order by event_date desc, created_at desc, id
    limit ${PUBLIC_REVIEWS_LIMIT}`;
  return rows.map((r) => ({
    id: r.id,
    author: r.display_name,
    city: r.city,
    rating: r.rating,
    date: r.event_date,
    body: r.body,
  }));
}
