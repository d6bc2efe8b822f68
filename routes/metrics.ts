import type { Handlers } from "$fresh/server.ts";
import { renderMetrics } from "../lib/metrics/mod.ts";
import { partsOf } from "../lib/app/parts.ts";
import { metricsAccess } from "../lib/metrics/access.ts";
import { businessMetrics } from "../lib/metrics/business.ts";
import { runtimeMetrics } from "../lib/metrics/runtime.ts";
import { Gauge } from "../lib/metrics/registry.ts";

/**
 * Prometheus scrape endpoint (text exposition format 0.0.4). With
 * `METRICS_TOKEN` it needs `Authorization: Bearer <token>`; without one it
 * is open in development and absent (404) in production.
 */
export const handler: Handlers = {
  async GET(req, ctx) {
    const { config, db, clock, loopLag } = partsOf(ctx);
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
    // Business numbers come from the database; without it the instance's
    // own metrics are still worth scraping.
    const business = await businessMetrics(db, clock()).catch(() => null);
    const gauges = [
      ...runtimeMetrics(loopLag),
      new Gauge(
        "myhibachi_database_up",
        "1 when this instance could read its database for this scrape.",
      ).set({}, business ? 1 : 0),
      ...business ?? [],
    ];
    const body = renderMetrics() +
      gauges.map((g) => g.render()).join("\n") + "\n";
    return new Response(body, {
      headers: {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  },
};
