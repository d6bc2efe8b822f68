/**
 * The API error body of SPEC §5:
 * `{"error":{"code":"…","message":"…","issues":[{"path":"…","message":"…"}]}}`.
 *
 * @module
 */

import type { z } from "zod";

/** One problem with the request, `path` dotted into the body ("customer.email", "proteins.salmon"; "" = the whole body). */
export interface ApiIssue {
  path: string;
  message: string;
}

/** The error codes the API answers with; one name per situation everywhere. */
export const ERROR_CODES = {
  MALFORMED_JSON: "MALFORMED_JSON",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  VALIDATION_FAILED: "VALIDATION_FAILED",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  SLOT_FULL: "SLOT_FULL",
  OUT_OF_SERVICE_AREA: "OUT_OF_SERVICE_AREA",
  OUTSIDE_BOOKING_WINDOW: "OUTSIDE_BOOKING_WINDOW",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  TOO_MANY_PENDING: "TOO_MANY_PENDING",
  INTERNAL: "INTERNAL",
} as const;

/** One of {@link ERROR_CODES} (preferred) or a route-specific SCREAMING_SNAKE code. */
export type ErrorCode = string;

/** The JSON error body. `issues` is always present (possibly empty) so clients can rely on it. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; issues: ApiIssue[] };
}

/** Builds the error body without a Response (for tests, logs, and non-HTTP transports). */
export function errorBody(
  code: ErrorCode,
  message: string,
  issues: ApiIssue[] = [],
): ApiErrorBody {
  return { error: { code, message, issues } };
}

/**
 * A JSON error response in the SPEC §5 shape, `no-store` so no cache keeps it.
 *
 * @example jsonError(409, "SLOT_FULL", "That time was just taken.")
 */
export function jsonError(
  status: number,
  code: ErrorCode,
  message: string,
  issues: ApiIssue[] = [],
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(errorBody(code, message, issues)), {
    status,
    headers: h,
  });
}

/** A JSON success response. */
export function jsonOk(
  data: unknown,
  status = 200,
  headers?: HeadersInit,
): Response {
  const type = "application/json; charset=utf-8";
  // Without extra headers a plain record skips building and editing a Headers.
  if (headers === undefined) {
    return new Response(JSON.stringify(data), {
      status,
      headers: { "content-type": type },
    });
  }
  const h = new Headers(headers);
  h.set("content-type", type);
  return new Response(JSON.stringify(data), { status, headers: h });
}

/**
 * A 200 JSON response of text already written (kept by a cache, or written
 * directly). A string body is encoded by the runtime outside the JS heap; a
 * byte body would be copied into it first (the fetch spec's snapshot of a
 * buffer).
 */
export function jsonTextOk(body: string): Response {
  return new Response(body, {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** Dotted path of a zod issue path: ["customer","email"] → "customer.email", [] → "". */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((p) =>
    typeof p === "symbol" ? p.description ?? "" : String(p)
  ).join(".");
}

/**
 * The issues of a zod error as API issues. A record key that fails validation is
 * reported at the key's own path (zod puts it on the record's path).
 */
export function zodIssues(err: z.ZodError): ApiIssue[] {
  const out: ApiIssue[] = [];
  for (const issue of err.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({
          path: dottedPath([...issue.path, key]),
          message: "unknown field",
        });
      }
    } else if (issue.code === "invalid_key") {
      out.push({
        path: dottedPath(issue.path),
        message: `invalid key: ${issue.message}`,
      });
    } else {
      out.push({ path: dottedPath(issue.path), message: issue.message });
    }
  }
  return out;
}

/** A 422 `VALIDATION_FAILED` response listing every issue of a zod error with its dotted path. */
export function fromZodError(err: z.ZodError): Response {
  return jsonError(
    422,
    ERROR_CODES.VALIDATION_FAILED,
    "The request has invalid fields.",
    zodIssues(err),
  );
}
