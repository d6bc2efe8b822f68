import type { FreshContext } from "$fresh/server.ts";
import {
  type ObservabilityState,
  observeRequest,
} from "../lib/observability/middleware.ts";
import { observeOptions } from "../lib/observability/options.ts";
import { recordHttpRequest } from "../lib/metrics/mod.ts";

/**
 * Root middleware for every request (pages, API, static files, 404):
 * request id, security headers, access log, error logging, and the request
 * counters and durations of `GET /metrics` (by route pattern).
 */
export function handler(
  req: Request,
  ctx: FreshContext<ObservabilityState>,
): Promise<Response> {
  return observeRequest(req, ctx.state, () => ctx.next(), {
    ...observeOptions(),
    onFinish: (status: number, seconds: number) =>
      recordHttpRequest(req.method, ctx.route || "unmatched", status, seconds),
  });
}
