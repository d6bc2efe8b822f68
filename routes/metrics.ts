import type { Handlers } from "$fresh/server.ts";
import { renderMetrics } from "../lib/metrics/mod.ts";

/** Prometheus scrape endpoint (text exposition format 0.0.4). */
export const handler: Handlers = {
  GET() {
    return new Response(renderMetrics(), {
      headers: {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  },
};
