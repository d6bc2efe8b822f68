import type { Handlers } from "$fresh/server.ts";
import { partsOf } from "../lib/app/parts.ts";
import { renderSitemapXml, sitemapEntries } from "../lib/site/sitemap.ts";

/** sitemap.xml with absolute URLs under PUBLIC_URL. */
export const handler: Handlers = {
  GET(_req, ctx) {
    const xml = renderSitemapXml(sitemapEntries(), partsOf(ctx).publicUrl);
    return new Response(xml, {
      headers: {
        "content-type": "application/xml; charset=utf-8",
        "cache-control": "public, max-age=3600",
      },
    });
  },
};
