import type { FreshContext } from "$fresh/server.ts";
import {
  type ObservabilityState,
  observeRequest,
} from "../lib/observability/middleware.ts";
import { observeOptions } from "../lib/observability/options.ts";

/**
 * Root middleware for every request (pages, API, static files, 404):
 * request id, security headers, access log, error logging.
 */
export function handler(
  req: Request,
  ctx: FreshContext<ObservabilityState>,
): Promise<Response> {
  return observeRequest(req, ctx.state, () => ctx.next(), observeOptions());
}
