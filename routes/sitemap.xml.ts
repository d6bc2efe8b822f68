import type { Handlers } from "$fresh/server.ts";
import { publicUrl } from "../lib/site/seo.ts";
import { renderSitemapXml, sitemapEntries } from "../lib/site/sitemap.ts";

/** sitemap.xml with absolute URLs under PUBLIC_URL. */
export const handler: Handlers = {
  GET() {
    return new Response(renderSitemapXml(sitemapEntries(), publicUrl()), {
      headers: {
        "content-type": "application/xml; charset=utf-8",
        "cache-control": "public, max-age=3600",
      },
    });
  },
};
