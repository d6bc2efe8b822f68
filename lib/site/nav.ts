/** The site's primary navigation, shared by the header and the sitemap. */

/** One navigation entry. */
export interface NavLink {
  href: string;
  label: string;
}

/** Header navigation in display order. */
export const PRIMARY_NAV: readonly NavLink[] = [
  { href: "/menu", label: "Menu" },
  { href: "/pricing", label: "Pricing" },
  { href: "/book", label: "Book" },
  { href: "/service-area", label: "Service area" },
  { href: "/faq", label: "FAQ" },
  { href: "/reviews", label: "Reviews" },
  { href: "/contact", label: "Contact" },
];

/** Footer legal links. */
export const LEGAL_NAV: readonly NavLink[] = [
  { href: "/legal/privacy", label: "Privacy policy" },
  { href: "/legal/terms", label: "Terms of service" },
  { href: "/legal/cancellation-policy", label: "Cancellation policy" },
];

/**
 * Whether a nav entry is the current page or one of its children, so the
 * header can set `aria-current`.
 */
export function isCurrentPath(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The `href` of the nav entry `pathname` is in (see {@link isCurrentPath}), or null. */
export function currentNavHref(pathname: string): string | null {
  return PRIMARY_NAV.find((link) => isCurrentPath(link.href, pathname))?.href ??
    null;
}
