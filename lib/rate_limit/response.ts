/**
 * The 429 answer of a rate-limited request.
 *
 * @module
 */

import { ERROR_CODES, jsonError } from "../http/errors.ts";

/** A 429 `RATE_LIMITED` JSON error with a `Retry-After` header in whole seconds (at least 1). */
export function rateLimitedResponse(retryAfterSeconds: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return jsonError(
    429,
    ERROR_CODES.RATE_LIMITED,
    `Too many requests. Try again in ${seconds} second${
      seconds === 1 ? "" : "s"
    }.`,
    [],
    { "retry-after": String(seconds) },
  );
}
