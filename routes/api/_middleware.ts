import type { FreshContext } from "$fresh/server.ts";
import { recordHttpRequest } from "../../lib/metrics/mod.ts";

/**
 * Every `/api/*` response: counted and timed by route pattern for
 * `GET /metrics`, and never cached (quotes and availability change).
 */
export async function handler(
  req: Request,
  ctx: FreshContext,
): Promise<Response> {
  const started = performance.now();
  let status = 500;
  try {
    const res = await ctx.next();
    status = res.status;
    if (!res.headers.has("cache-control")) {
      try {
        res.headers.set("cache-control", "no-store");
      } catch {
        // Immutable headers (e.g. a fetched response): leave them as they are.
      }
    }
    return res;
  } finally {
    recordHttpRequest(
      req.method,
      ctx.route || "unmatched",
      status,
      (performance.now() - started) / 1000,
    );
  }
}
