/**
 * The customer's side of reviews: what a review link shows, and leaving the
 * review with it (once). Runs as `anon`: the link's token is the only proof,
 * checked by `app.review_invitation` / `app.submit_review`.
 *
 * @module
 */
import { type Db, withClaims } from "../db/mod.ts";
import { reviewError, type ReviewForm } from "./schema.ts";

/** What a review link leads to. */
export interface ReviewInvitation {
  state: "open" | "used" | "expired";
  /** Suggested public name ("Priya S."). */
  displayName: string;
  eventDate: string;
  locationName: string;
  city: string;
}

/** The invitation of a token, or null when the link is unknown. */
export async function findReviewInvitation(
  db: Db,
  token: string,
): Promise<ReviewInvitation | null> {
  const rows = await withClaims(db, null, (tx) =>
    tx<{
      state: ReviewInvitation["state"];
      display_name: string;
      event_date: string;
      location_name: string;
      city: string;
    }[]>`
      select state, display_name, event_date::text as event_date,
             location_name, city
      from app.review_invitation(${token})`, { readOnly: true });
  const r = rows[0];
  return r
    ? {
      state: r.state,
      displayName: r.display_name,
      eventDate: r.event_date,
      locationName: r.location_name,
      city: r.city,
    }
    : null;
}

/**
 * Leaves the review; it waits for a manager's approval.
 *
 * @throws {StaffError} 404 unknown link, 409 used, 410 expired, 422 fields.
 */
export async function submitReview(db: Db, form: ReviewForm): Promise<string> {
  try {
    return await withClaims(db, null, async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        select app.submit_review(${form.token}, ${form.rating}::int,
          ${form.body}, ${form.displayName}) as id`;
      return row.id;
    });
  } catch (err) {
    throw reviewError(err) ?? err;
  }
}
