/**
 * The marketing pages served from the page cache (lib/http/page_cache.ts):
 * they show only the site catalog and the site's own copy, the same for
 * every visitor, and are regenerated when the catalog version changes (on
 * the NOTIFY every settings, menu or location edit sends, on every
 * instance).
 *
 * @module
 */
export const STATIC_PAGES: readonly string[] = [
  "/",
  "/faq",
  "/menu",
  "/pricing",
  "/reviews",
  "/service-area",
  "/service-area/*",
  "/legal/*",
];
