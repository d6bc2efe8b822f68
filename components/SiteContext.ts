/**
 * What every server-rendered page may need about the site itself: the public
 * origin (canonical links, JSON-LD) and the catalog last read from the
 * database (prices quoted in copy). `routes/_app.tsx` provides it from the
 * request's app parts; components read it with {@link useSite}.
 *
 * @module
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { AppParts } from "../lib/app/parts.ts";
import {
  FALLBACK_CATALOG,
  type SiteCatalog,
} from "../lib/pricing/marketing.ts";

/** The site facts of one request. */
export interface SiteInfo {
  /** Public origin, no trailing slash. */
  origin: string;
  catalog: SiteCatalog;
}

/** Provided by `_app.tsx`. */
export const SiteContext = createContext<SiteInfo | null>(null);

/**
 * The site facts of a request: from its app parts, or (for an error page
 * rendered before they were attached) the request's origin and the seed's
 * catalog.
 */
export function siteInfo(app: AppParts | undefined, url: URL): SiteInfo {
  return app
    ? { origin: app.publicUrl, catalog: app.catalog.current() }
    : { origin: url.origin, catalog: FALLBACK_CATALOG };
}

/** The site facts of the page being rendered. */
export function useSite(): SiteInfo {
  const site = useContext(SiteContext);
  if (!site) throw new Error("useSite() outside routes/_app.tsx");
  return site;
}
