import type { FreshContext } from "$fresh/server.ts";
import {
  type ObservabilityState,
  observeRequest,
} from "../lib/observability/middleware.ts";
import { publicUrl } from "../lib/site/seo.ts";

// HSTS only makes sense when the public origin is https; decided once.
const hsts = publicUrl().startsWith("https://");

/**
 * Root middleware for every request (pages, API, static files, 404):
 * request id, security headers, access log, error logging.
 */
export function handler(
  req: Request,
  ctx: FreshContext<ObservabilityState>,
): Promise<Response> {
  return observeRequest(req, ctx.state, () => ctx.next(), { hsts });
}
