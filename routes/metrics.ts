import type { Handlers } from "$fresh/server.ts";
import { renderMetrics } from "../lib/metrics/mod.ts";
import { partsOf } from "../lib/app/parts.ts";
import { metricsAccess } from "../lib/metrics/access.ts";

/**
 * Prometheus scrape endpoint (text exposition format 0.0.4). With
 * `METRICS_TOKEN` it needs `Authorization: Bearer <token>`; without one it
 * is open in development and absent (404) in production.
 */
export const handler: Handlers = {
  GET(req, ctx) {
    const { config } = partsOf(ctx);
    const access = metricsAccess(
      config.metricsToken,
      config.profile,
      req.headers.get("authorization"),
    );
    if (access !== "ok") {
      return new Response(access === "missing" ? "Not found" : "Unauthorized", {
        status: access === "missing" ? 404 : 401,
        headers: {
          "cache-control": "no-store",
          ...(access === "unauthorized"
            ? { "www-authenticate": 'Bearer realm="metrics"' }
            : {}),
        },
      });
    }
    return new Response(renderMetrics(), {
      headers: {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  },
};
