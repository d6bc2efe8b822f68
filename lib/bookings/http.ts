/**
 * HTTP glue shared by the booking API routes (and the contact form): the
 * client IP, per-IP rate limits, the public base URL and the one place a
 * service failure becomes a response.
 *
 * @module
 */
import { ERROR_CODES, jsonError } from "../http/errors.ts";
import { logError } from "../observability/errors.ts";
import {
  rateLimitedResponse,
  RateLimiter,
  rateLimitsFromEnv,
} from "../rate_limit/mod.ts";
import { BookingError, bookingErrorResponse } from "./errors.ts";

/** The connection part of a Fresh context. */
export interface ConnInfo {
  remoteAddr: { hostname?: string } | Deno.Addr;
}

function envFlag(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * The client's IP: the connection's remote address, or the left-most
 * `x-forwarded-for` entry only when `TRUST_PROXY=1` (a proxy we run sets it;
 * otherwise any client could forge it to dodge rate limits).
 */
export function clientIp(
  req: Request,
  conn: ConnInfo,
  trustProxy: boolean = envFlag("TRUST_PROXY") === "1",
): string {
  if (trustProxy) {
    const first = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first && first.length <= 64) return first;
  }
  const addr = conn.remoteAddr as { hostname?: string };
  return addr.hostname ?? "unknown";
}

let limiter: RateLimiter | null = null;

/** The process-wide limiter, built from `RATE_LIMITS` on first use. */
export function rateLimiter(): RateLimiter {
  limiter ??= new RateLimiter(rateLimitsFromEnv(envFlag));
  return limiter;
}

/** Replaces the process-wide limiter (null: rebuild from the environment on next use). */
export function setRateLimiter(next: RateLimiter | null): void {
  limiter = next;
}

/** A 429 response when the client is over the `bucket` limit, else null. */
export function limitRequest(
  bucket: string,
  req: Request,
  conn: ConnInfo,
): Response | null {
  const decision = rateLimiter().check(bucket, clientIp(req, conn));
  return decision.allowed
    ? null
    : rateLimitedResponse(decision.retryAfterSeconds);
}

/** Origin links in responses start with: `PUBLIC_URL` when set, else the request's origin. */
export function publicBaseUrl(req: Request): string {
  return envFlag("PUBLIC_URL") || new URL(req.url).origin;
}

/**
 * Runs a route body: a {@link BookingError} becomes its SPEC §5 response;
 * anything else is logged and answered 503 `UNAVAILABLE` (the database or a
 * dependency failed; input problems never get here).
 */
export async function answer(
  req: Request,
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BookingError) return bookingErrorResponse(err);
    logError(err, { method: req.method, path: new URL(req.url).pathname });
    return jsonError(
      503,
      "UNAVAILABLE",
      "The service is temporarily unavailable. Please try again.",
      [],
      { "retry-after": "5" },
    );
  }
}

/** 405 for a method the route does not serve. */
export function methodNotAllowed(allow: string): Response {
  return jsonError(
    405,
    ERROR_CODES.METHOD_NOT_ALLOWED,
    "Method not allowed.",
    [],
    { allow },
  );
}
