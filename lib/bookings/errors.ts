/**
 * The one failure type of the booking service. Each carries the HTTP status
 * and SPEC §5 error code it answers with, so routes and form posts map it the
 * same way. Also {@link requireWithinWindow}, the booking-window rule of
 * lib/booking_window turned into this error (holds, bookings, reschedules).
 *
 * @module
 */
import type { z } from "zod";
import {
  type BookingWindowSettings,
  isWithinBookingWindow,
  slotStartInstant,
} from "../booking_window/mod.ts";
import {
  type ApiIssue,
  ERROR_CODES,
  jsonError,
  zodIssues,
} from "../http/errors.ts";

/** A refused booking-service request: status, SPEC §5 code, message, issues. */
export class BookingError extends Error {
  /** HTTP status to answer with (4xx). */
  readonly status: number;
  /** SPEC §5 error code, e.g. `SLOT_FULL`. */
  readonly code: string;
  /** Problems with dotted body paths (empty when not about fields). */
  readonly issues: ApiIssue[];
  /** Whole seconds after which the same request may succeed (`Retry-After`). */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    issues: ApiIssue[] = [],
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "BookingError";
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 422 `VALIDATION_FAILED` with the given issues. */
export function validationFailed(issues: ApiIssue[]): BookingError {
  return new BookingError(
    422,
    ERROR_CODES.VALIDATION_FAILED,
    "The request has invalid fields.",
    issues,
  );
}

/** 422 `VALIDATION_FAILED` from a zod error. */
export function fromZod(err: z.ZodError): BookingError {
  return validationFailed(zodIssues(err));
}

/** 409 `SLOT_FULL`. */
export function slotFull(): BookingError {
  return new BookingError(
    409,
    ERROR_CODES.SLOT_FULL,
    "That date and time is fully booked. Please pick another slot.",
  );
}

/** 404 `NOT_FOUND`: one answer for an unknown reference and a wrong token. */
export function bookingNotFound(): BookingError {
  return new BookingError(404, ERROR_CODES.NOT_FOUND, "No such booking.");
}

/** 422 `OUTSIDE_BOOKING_WINDOW`. */
export function outsideWindow(
  minLeadHours: number,
  maxLeadDays: number,
): BookingError {
  return new BookingError(
    422,
    ERROR_CODES.OUTSIDE_BOOKING_WINDOW,
    `Events can be booked from ${minLeadHours} hours up to ${maxLeadDays} days ahead.`,
    [{ path: "date", message: "outside the booking window" }],
  );
}

/** 422 `OUT_OF_SERVICE_AREA`. */
export function outOfServiceArea(
  miles: number,
  maxMiles: number,
  issue: ApiIssue = { path: "zip", message: "outside the service area" },
): BookingError {
  return new BookingError(
    422,
    ERROR_CODES.OUT_OF_SERVICE_AREA,
    `The address is ${miles} miles away; we travel up to ${maxMiles} miles.`,
    [issue],
  );
}

/** Which abuse limit a request ran into (ADR 0015). */
export type PendingLimit = "holds" | "email" | "phone" | "client";

/**
 * 429 `TOO_MANY_PENDING` (SPEC §2 abuse limits): too many unexpired holds
 * from one client, or too many unpaid bookings for one email, phone or
 * client in the window. The email and phone cases name the field.
 */
export function tooManyPending(
  which: PendingLimit,
  retryAfterSeconds: number | null = null,
): BookingError {
  const message = which === "holds"
    ? "You are already holding the most time slots we allow at once. Finish or release a held slot first."
    : "There are already too many unpaid bookings " +
      (which === "email"
        ? "for this email address"
        : which === "phone"
        ? "for this phone number"
        : "from your connection") +
      ". Please pay a deposit for one of them, or contact us.";
  const unpaid =
    "too many unpaid bookings; pay the deposit of one first, or contact us";
  const issues = which === "email"
    ? [{ path: "customer.email", message: unpaid }]
    : which === "phone"
    ? [{ path: "customer.phone", message: unpaid }]
    : [];
  return new BookingError(
    429,
    ERROR_CODES.TOO_MANY_PENDING,
    message,
    issues,
    retryAfterSeconds,
  );
}

/**
 * The {@link tooManyPending} error of a database refusal (constraint
 * `too_many_pending`, DETAIL naming the limit, HINT the whole seconds until
 * the first counted item leaves the count), else null.
 */
export function pendingLimitOf(err: unknown): BookingError | null {
  if (constraintOf(err) !== "too_many_pending") return null;
  const { detail, hint } = err as { detail?: unknown; hint?: unknown };
  const which: PendingLimit =
    detail === "holds" || detail === "email" || detail === "phone"
      ? detail
      : "client";
  const seconds = typeof hint === "string" && /^\d+$/.test(hint)
    ? Math.max(1, Number(hint))
    : null;
  return tooManyPending(which, seconds);
}

/** The SPEC §5 JSON error response of a {@link BookingError}. */
export function bookingErrorResponse(err: BookingError): Response {
  return jsonError(
    err.status,
    err.code,
    err.message,
    err.issues,
    err.retryAfterSeconds === null
      ? undefined
      : { "retry-after": String(err.retryAfterSeconds) },
  );
}

/** The Postgres constraint name of a postgres.js error, if any. */
export function constraintOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const name = (err as { constraint_name?: unknown }).constraint_name;
  return typeof name === "string" ? name : undefined;
}

/**
 * The slot's start instant in the location's zone, when it lies within the
 * booking window at `now`.
 *
 * @throws {BookingError} 422 `OUTSIDE_BOOKING_WINDOW` otherwise.
 */
export function requireWithinWindow(
  date: string,
  time: string,
  timezone: string,
  now: Date,
  settings: BookingWindowSettings,
): Date {
  const start = slotStartInstant(date, time, timezone);
  if (!isWithinBookingWindow(start, now, settings)) {
    throw outsideWindow(settings.minLeadHours, settings.maxLeadDays);
  }
  return start;
}
