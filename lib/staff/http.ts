/**
 * HTTP glue of the Staff API routes: the caller on `ctx.state`, query and
 * body parsing with the staff schemas, and the one place a service failure
 * becomes a response.
 *
 * @module
 */
import type { z } from "zod";
import { ERROR_CODES, jsonError } from "../http/errors.ts";
import { parseJsonBody } from "../http/body.ts";
import { logError } from "../observability/errors.ts";
import type { StaffApiState, StaffCaller } from "./api_auth.ts";
import type { StaffActor } from "./bookings.ts";
import { fromDbError, invalid, staffErrorResponse } from "./errors.ts";
import { queryObject } from "./schemas.ts";

/** The verified caller the middleware put on `ctx.state`. */
export function callerOf(ctx: { state: unknown }): StaffCaller {
  const caller = (ctx.state as Partial<StaffApiState>).caller;
  if (!caller) throw new Error("routes/api/staff/_middleware.ts did not run");
  return caller;
}

/**
 * The verified claims of the caller, on every route: the routes of
 * `checksStaffItself` get only these, and must check staff themselves.
 */
export function claimsOf(ctx: { state: unknown }): StaffCaller["claims"] {
  const state = ctx.state as Partial<StaffApiState>;
  const claims = state.claims ?? state.caller?.claims;
  if (!claims) throw new Error("routes/api/staff/_middleware.ts did not run");
  return claims;
}

/** The caller as the services take it. */
export function actorOf(ctx: { state: unknown }): StaffActor {
  const c = callerOf(ctx);
  return { claims: c.claims, role: c.staff.role };
}

/** Parses a query string with a schema (422 with paths on failure). */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  url: URL,
): z.output<S> {
  const r = schema.safeParse(queryObject(url.searchParams));
  if (!r.success) throw invalid(r.error);
  return r.data;
}

/** Parses a JSON body with a schema; throws the ready error response. */
export async function parseBody<S extends z.ZodType>(
  req: Request,
  schema: S,
): Promise<z.output<S>> {
  const r = await parseJsonBody(req, schema);
  if (!r.ok) throw r.response;
  return r.value;
}

/**
 * Runs a Staff API route body: a thrown Response is sent as is, a staff
 * refusal becomes its SPEC §5 error, anything else is logged and answered
 * 503 `UNAVAILABLE`.
 */
export async function answerStaff(
  req: Request,
  fn: () => Promise<Response>,
): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Response) return err;
    const mapped = fromDbError(err);
    if (mapped) return staffErrorResponse(mapped);
    logError(err, { method: req.method, path: new URL(req.url).pathname });
    return jsonError(
      503,
      "UNAVAILABLE",
      "The service is unavailable right now; try again shortly.",
    );
  }
}

export { ERROR_CODES };
