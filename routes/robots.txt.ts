import type { Handlers } from "$fresh/server.ts";
import { renderRobotsTxt } from "../lib/site/robots.ts";
import { partsOf } from "../lib/app/parts.ts";

/**
 * robots.txt as a route rather than a static file: the Sitemap line must be
 * an absolute URL and the public origin (PUBLIC_URL) differs per deployment.
 */
export const handler: Handlers = {
  GET(_req, ctx) {
    return new Response(renderRobotsTxt(partsOf(ctx).publicUrl), {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "public, max-age=3600",
      },
    });
  },
};
