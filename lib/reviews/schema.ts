/**
 * Review input at the edge (zod) and the review SQL errors (migration
 * 20261221300000) mapped to statuses with field paths.
 *
 * @module
 */
import { z } from "zod";
import { ERROR_CODES } from "../http/errors.ts";
import { multiLine, singleLine } from "../schemas/text.ts";
import { dbRefusal, fromDbError, StaffError } from "../staff/errors.ts";

/** Review text limits (the table's checks say the same). */
export const REVIEW_LIMITS = {
  bodyMin: 10,
  bodyMax: 2000,
  displayNameMax: 60,
} as const;

/** The review link's token: base64url of 32 bytes. */
export const reviewTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, {
  message: "must be the token from your review link",
});

/** What the customer sends from `/reviews/new` (form fields are strings). */
export const reviewFormSchema = z.strictObject({
  token: reviewTokenSchema,
  rating: z.coerce.number({ message: "choose 1 to 5 stars" }).int().min(1, {
    message: "choose 1 to 5 stars",
  }).max(5, { message: "choose 1 to 5 stars" }),
  body: z.string().overwrite(multiLine).trim().min(REVIEW_LIMITS.bodyMin, {
    message: `write at least ${REVIEW_LIMITS.bodyMin} characters`,
  }).max(REVIEW_LIMITS.bodyMax),
  displayName: z.string().overwrite(singleLine).trim().min(1).max(
    REVIEW_LIMITS.displayNameMax,
  ),
});

/** Parsed review form. */
export type ReviewForm = z.infer<typeof reviewFormSchema>;

/** Moderation outcomes. */
export const MODERATION_STATUSES = ["approved", "hidden"] as const;

/** Review statuses, as the staff list filters them. */
export const REVIEW_STATUSES = ["pending", "approved", "hidden"] as const;

/** `POST /api/staff/reviews/{id}` body. */
export const moderateBodySchema = z.strictObject({
  status: z.enum(MODERATION_STATUSES),
});

/** `GET /api/staff/reviews` query. */
export const staffReviewsQuerySchema = z.strictObject({
  status: z.enum([...REVIEW_STATUSES, "all"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const FIELD_OF: Record<string, string> = {
  review_rating: "rating",
  review_body: "body",
  review_display_name: "displayName",
  review_status: "status",
};

/** Maps the review SQL errors to StaffErrors (also used on the customer side). */
export function reviewError(err: unknown): StaffError | null {
  if (err instanceof StaffError) return err;
  const e = dbRefusal(err);
  if (!e) return null;
  const { constraint, message } = e;
  switch (constraint) {
    case "review_token_exists":
      return new StaffError(
        404,
        ERROR_CODES.NOT_FOUND,
        "This review link is not valid.",
      );
    case "review_token_used":
      return new StaffError(
        409,
        "REVIEW_LINK_USED",
        "This review link was already used: thank you, we have your review.",
      );
    case "review_token_expired":
      return new StaffError(
        410,
        "REVIEW_LINK_EXPIRED",
        "This review link has expired.",
      );
    case "reviews_staff_only":
      return new StaffError(403, ERROR_CODES.FORBIDDEN, message);
    case "review_exists":
      return new StaffError(404, ERROR_CODES.NOT_FOUND, "No such review.");
  }
  const path = FIELD_OF[constraint];
  if (path) {
    return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
      { path, message },
    ]);
  }
  return fromDbError(err);
}
