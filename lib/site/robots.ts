/** robots.txt content: crawl everything public, nothing private. */

/** Paths crawlers must not visit (staff app, JSON API, customer manage links). */
export const DISALLOWED_PATHS = ["/admin", "/api", "/manage"] as const;

/** robots.txt with an absolute Sitemap line for `origin`. */
export function renderRobotsTxt(origin: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    ...DISALLOWED_PATHS.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${origin}/sitemap.xml`,
    "",
  ].join("\n");
}
