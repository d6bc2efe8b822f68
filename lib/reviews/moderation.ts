/**
 * `/admin/reviews` and `/api/staff/reviews`: managers (their locations) and
 * admins list reviews and approve or hide them. Reads run under the caller's
 * RLS; the write is `app.moderate_review`, audited in the database.
 *
 * @module
 */
import type { z } from "zod";
import { type Claims, type Db, withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { StaffError } from "../staff/errors.ts";
import type { StaffRole } from "../staff/types.ts";
import {
  MODERATION_STATUSES,
  reviewError,
  type staffReviewsQuerySchema,
} from "./schema.ts";

/** One review as staff see it. */
export interface StaffReview {
  id: string;
  rating: number;
  body: string;
  displayName: string;
  city: string;
  eventDate: string;
  status: "pending" | "approved" | "hidden";
  isDemo: boolean;
  reference: string | null;
  locationName: string;
  at: string;
  moderatedAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses chefs before any query (the database refuses them too). */
export function requireModerator(role: StaffRole): void {
  if (role !== "manager" && role !== "admin") {
    throw new StaffError(
      403,
      ERROR_CODES.FORBIDDEN,
      "Reviews are moderated by managers and admins.",
    );
  }
}

/** Reviews of the caller's locations (all for admins), newest first. */
export async function listStaffReviews(
  db: Db,
  claims: Claims,
  role: StaffRole,
  q: z.infer<typeof staffReviewsQuerySchema>,
): Promise<StaffReview[]> {
  requireModerator(role);
  const status = q.status === "all" ? null : q.status;
  const rows = await withClaims(db, claims, (tx) =>
    tx<{
      id: string;
      rating: number;
      body: string;
      display_name: string;
      city: string;
      event_date: string;
      status: StaffReview["status"];
      is_demo: boolean;
      reference: string | null;
      location_name: string;
      created_at: Date;
      moderated_at: Date | null;
    }[]>`
      select r.id, r.rating, r.body, r.display_name, r.city,
             r.event_date::text as event_date, r.status, r.is_demo,
             b.reference, l.name as location_name, r.created_at, r.moderated_at
      from public.reviews r
      join public.locations l on l.id = r.location_id
      left join public.bookings b on b.id = r.booking_id
      where ${status}::text is null or r.status = ${status}
      order by r.created_at desc, r.id
      limit ${q.limit}`, { readOnly: true });
  return rows.map((r) => ({
    id: r.id,
    rating: r.rating,
    body: r.body,
    displayName: r.display_name,
    city: r.city,
    eventDate: r.event_date,
    status: r.status,
    isDemo: r.is_demo,
    reference: r.reference,
    locationName: r.location_name,
    at: new Date(r.created_at).toISOString(),
    moderatedAt: r.moderated_at ? new Date(r.moderated_at).toISOString() : null,
  }));
}

/**
 * Approves or hides a review (audited by the database).
 *
 * @throws {StaffError} 403 chefs / other locations, 404 unknown, 422 status.
 */
export async function moderateReview(
  db: Db,
  claims: Claims,
  id: string,
  status: (typeof MODERATION_STATUSES)[number],
): Promise<{ id: string; status: string }> {
  if (!UUID.test(id)) {
    throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such review.");
  }
  try {
    return await withClaims(db, claims, async (tx) => {
      const [row] = await tx<{ id: string; status: string }[]>`
        select (r).id, (r).status
        from (select app.moderate_review(${id}::uuid, ${status}) as r) m`;
      return { id: row.id, status: row.status };
    });
  } catch (err) {
    throw reviewError(err) ?? err;
  }
}
