/**
 * The marketing pages served from the page cache (lib/http/page_cache.ts):
 * they show only the site catalog and the site's own copy, the same for
 * every visitor. `/menu` and `/pricing` read the database on each request
 * so an admin's edit shows at once; they join this list when catalog edits
 * announce themselves (LISTEN/NOTIFY) instead of being polled.
 *
 * @module
 */
export const STATIC_PAGES: readonly string[] = [
  "/",
  "/faq",
  "/reviews",
  "/service-area",
  "/service-area/*",
  "/legal/*",
];
