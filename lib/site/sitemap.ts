/** The public page list and its sitemap.xml rendering. */
import { CITIES, cityPath } from "./cities.ts";
import { absoluteUrl } from "./seo.ts";
import { escapeXml } from "../text/escape.ts";

/** One sitemap entry. */
export interface SitemapEntry {
  path: string;
  changefreq: "daily" | "weekly" | "monthly" | "yearly";
  /** 0.0–1.0 */
  priority: number;
}

/** Public, indexable pages other than the per-city pages. */
export const STATIC_PUBLIC_PAGES: readonly SitemapEntry[] = [
  { path: "/", changefreq: "weekly", priority: 1.0 },
  { path: "/menu", changefreq: "monthly", priority: 0.8 },
  { path: "/pricing", changefreq: "monthly", priority: 0.8 },
  { path: "/book", changefreq: "daily", priority: 0.9 },
  { path: "/quote", changefreq: "monthly", priority: 0.7 },
  { path: "/service-area", changefreq: "monthly", priority: 0.7 },
  { path: "/faq", changefreq: "monthly", priority: 0.6 },
  { path: "/reviews", changefreq: "weekly", priority: 0.6 },
  { path: "/contact", changefreq: "yearly", priority: 0.5 },
  { path: "/chat", changefreq: "yearly", priority: 0.4 },
  { path: "/legal/privacy", changefreq: "yearly", priority: 0.2 },
  { path: "/legal/terms", changefreq: "yearly", priority: 0.2 },
  { path: "/legal/cancellation-policy", changefreq: "yearly", priority: 0.3 },
];

/** Every entry of the sitemap: the static pages then one per served city. */
export function sitemapEntries(): SitemapEntry[] {
  return [
    ...STATIC_PUBLIC_PAGES,
    ...CITIES.map((city): SitemapEntry => ({
      path: cityPath(city),
      changefreq: "monthly",
      priority: 0.6,
    })),
  ];
}

/** sitemaps.org XML with absolute URLs under `origin`. */
export function renderSitemapXml(
  entries: readonly SitemapEntry[],
  origin: string,
): string {
  const urls = entries.map((entry) =>
    `  <url><loc>${escapeXml(absoluteUrl(entry.path, origin))}</loc>` +
    `<changefreq>${entry.changefreq}</changefreq>` +
    `<priority>${entry.priority.toFixed(1)}</priority></url>`
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n` +
    `${urls.join("\n")}\n</urlset>\n`;
}
