/**
 * The one failure type of the staff services, and the mapping from the
 * errors the staff SQL functions raise (lib/db/README.md "Errors the API
 * maps") to SPEC §5 statuses and codes. Routes and form posts map it alike.
 *
 * @module
 */
import type { z } from "zod";
import {
  type ApiIssue,
  ERROR_CODES,
  jsonError,
  zodIssues,
} from "../http/errors.ts";

/** A refused staff request: HTTP status, SPEC §5 code, message, issues. */
export class StaffError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  /** Extra detail (e.g. why a chef is unavailable). */
  readonly detail?: string;

  constructor(
    status: number,
    code: string,
    message: string,
    issues: ApiIssue[] = [],
    detail?: string,
  ) {
    super(message);
    this.name = "StaffError";
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.detail = detail;
  }
}

/** A refusal as one line of text (message, then each issue's path and message). */
export function refusalText(err: StaffError): string {
  return [err.message, ...err.issues.map((i) => `${i.path}: ${i.message}`)]
    .join(" ");
}

/** 404 for an unknown (or invisible) reference. */
export function notFound(what = "booking"): StaffError {
  return new StaffError(404, ERROR_CODES.NOT_FOUND, `No such ${what}.`);
}

/** 403: signed in, but not allowed. */
export function forbidden(message = "You may not do that."): StaffError {
  return new StaffError(403, ERROR_CODES.FORBIDDEN, message);
}

/** 422 from a zod error. */
export function invalid(err: z.ZodError): StaffError {
  return new StaffError(
    422,
    ERROR_CODES.VALIDATION_FAILED,
    "The request has invalid fields.",
    zodIssues(err),
  );
}

/** Body path of a 22023 error, by the constraint the function names. */
const PATH_OF_CONSTRAINT: Record<string, string> = {
  payments_amount_limit: "amountCents",
  payments_method: "method",
  staff_action_reason: "reason",
  staff_action_unknown: "action",
  booking_notes_body: "body",
  chef_time_off_range: "endsOn",
  chef_time_off_decision: "decision",
  chefs_weekdays: "weekdays",
  staff_batch_size: "references",
  staff_change_invalid: "",
  analytics_range: "to",
};

interface PgLikeError {
  code?: string;
  constraint_name?: string;
  constraint?: string;
  detail?: string;
  hint?: string;
  message?: string;
}

/** What a refusal raised by our SQL functions carries. */
export interface DbRefusal {
  /** SQLSTATE, when the error has one. */
  code: string | undefined;
  /** Constraint name (postgres.js `constraint_name`, PGlite `constraint`); "" if none. */
  constraint: string;
  /** The message after its "CODE: " prefix; "" if none. */
  message: string;
  hint: string | undefined;
  detail: string | undefined;
}

/**
 * The parts of a database error the staff mappers switch on, or null when
 * `err` is not an object. One reading for every mapper (staff, settings,
 * members, customers, inbox, reviews).
 */
export function dbRefusal(err: unknown): DbRefusal | null {
  if (!err || typeof err !== "object") return null;
  const e = err as PgLikeError;
  return {
    code: e.code,
    constraint: e.constraint_name ?? e.constraint ?? "",
    message: (e.message ?? "").replace(/^[A-Z_]+: /, ""),
    hint: e.hint,
    detail: e.detail,
  };
}

/**
 * Maps an error thrown by a staff SQL function to a {@link StaffError}, or
 * null when it is not one of the documented refusals (a real failure).
 */
export function fromDbError(err: unknown): StaffError | null {
  if (err instanceof StaffError) return err;
  const e = dbRefusal(err);
  if (!e || typeof e.code !== "string") return null;
  const code = e.code;
  const constraint = e.constraint;
  const message = e.message || "Refused.";
  switch (code) {
    case "P0002":
      if (constraint === "notification_exists") {
        return new StaffError(404, ERROR_CODES.NOT_FOUND, message);
      }
      return notFound();
    case "42501":
      if (constraint.endsWith("append_only")) return null;
      return forbidden(message);
    case "55000":
      return new StaffError(
        409,
        "STALE_BOOKING",
        `${message} ${e.hint ?? "Reload and try again."}`.trim(),
      );
    case "23514":
      if (constraint === "bookings_status_transition") {
        return new StaffError(409, "INVALID_TRANSITION", message);
      }
      if (
        constraint === "chef_available" ||
        constraint === "bookings_chef_of_location"
      ) {
        return new StaffError(409, "CHEF_UNAVAILABLE", message, [], e.detail);
      }
      if (constraint === "slot_capacity") {
        return new StaffError(
          409,
          ERROR_CODES.SLOT_FULL,
          "That date and time is fully booked.",
        );
      }
      return new StaffError(409, ERROR_CODES.CONFLICT, message);
    case "23505":
      if (constraint === "payments_idempotency_key") {
        return new StaffError(409, "IDEMPOTENCY_KEY_REUSED", message);
      }
      if (constraint === "bookings_chef_slot_key") {
        return new StaffError(409, "CHEF_UNAVAILABLE", message, [], "busy");
      }
      return new StaffError(409, ERROR_CODES.CONFLICT, message);
    case "22023": {
      const path = PATH_OF_CONSTRAINT[constraint] ?? "";
      return new StaffError(
        422,
        ERROR_CODES.VALIDATION_FAILED,
        "The request has invalid fields.",
        [{ path, message }],
      );
    }
    case "40001":
    case "40P01":
      return new StaffError(
        409,
        ERROR_CODES.CONFLICT,
        "Another change got there first; try again.",
      );
    default:
      return null;
  }
}

/** The SPEC §5 error response of a {@link StaffError}. */
export function staffErrorResponse(err: StaffError): Response {
  return jsonError(err.status, err.code, err.message, err.issues);
}
