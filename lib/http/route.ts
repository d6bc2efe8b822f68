/**
 * Route glue shared by the API routes and form posts (bookings, holds, contact, login): the
 * client IP, per-IP rate limits and the one place a service failure becomes
 * a response.
 *
 * @module
 */
import { ERROR_CODES, jsonError } from "./errors.ts";
import { logError } from "../observability/errors.ts";
import { rateLimitedResponse } from "../rate_limit/mod.ts";
import type { AppParts } from "../app/parts.ts";
import { BookingError, bookingErrorResponse } from "../bookings/errors.ts";
import type { RequestClient } from "../bookings/client.ts";
import { hashIp } from "../contact/ip_hash.ts";
import type { PricingSnapshot } from "../pricing/snapshot.ts";

/** The connection part of a Fresh context. */
export interface ConnInfo {
  remoteAddr: { hostname?: string } | Deno.Addr;
}

/**
 * The client's IP. Behind `trustedProxies` reverse proxies (`TRUST_PROXY=N`)
 * it is the N-th address from the right of `x-forwarded-for`: each trusted
 * proxy appends the address it received the request from, so everything
 * further left was written by the client and cannot be trusted. Without
 * proxies (or a header too short to hold N entries) it is the connection's
 * remote address.
 */
export function clientIp(
  req: Request,
  conn: ConnInfo,
  trustedProxies = 0,
): string {
  if (trustedProxies > 0) {
    const hops = (req.headers.get("x-forwarded-for") ?? "").split(",")
      .map((part) => part.trim()).filter((part) => part !== "");
    const candidate = hops[hops.length - trustedProxies];
    if (candidate && candidate.length <= 64) return candidate;
  }
  const addr = conn.remoteAddr as { hostname?: string };
  return addr.hostname ?? "unknown";
}

/** The client IP of a request to this app (its `TRUST_PROXY` rule applied). */
export function requestClientIp(
  app: AppParts,
  req: Request,
  conn: ConnInfo,
): string {
  return clientIp(req, conn, app.config.trustProxy);
}

/**
 * The client of a hold or booking request for the database-counted abuse
 * limits (ADR 0015): the keyed hash of its IP (`IP_HASH_SECRET`), and
 * whether limits apply (`RATE_LIMITS=off` turns them off).
 */
export async function requestClient(
  app: AppParts,
  req: Request,
  conn: ConnInfo,
): Promise<RequestClient> {
  return {
    hash: await hashIp(
      requestClientIp(app, req, conn),
      app.config.ipHashSecret,
    ),
    limits: !app.config.rateLimitsOff,
  };
}

/** A 429 response when the client is over the `bucket` limit, else null. */
export function limitRequest(
  app: AppParts,
  bucket: string,
  req: Request,
  conn: ConnInfo,
): Response | null {
  const decision = app.limiter.check(bucket, requestClientIp(app, req, conn));
  return decision.allowed
    ? null
    : rateLimitedResponse(decision.retryAfterSeconds);
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

/** Where a request's catalog comes from: {@link catalogSource}. */
export interface CatalogSource {
  /** The instance's current catalog, or null when it must be read from the database. */
  snapshot: PricingSnapshot | null;
  /** The request's instant (the business's today for undated quotes). */
  now: Date;
}

/**
 * The instance's in-memory catalog (kept current by LISTEN/NOTIFY) for
 * quotes and catalog reads, so the common request makes no database trip.
 */
export function catalogSource(app: AppParts): CatalogSource {
  return { snapshot: app.catalog.snapshot(), now: app.clock() };
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
