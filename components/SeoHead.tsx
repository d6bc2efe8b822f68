import { Head } from "$fresh/runtime.ts";
import { BUSINESS } from "../lib/site/business.ts";
import { absoluteUrl, type JsonLd, serializeJsonLd } from "../lib/site/seo.ts";
import { useSite } from "./SiteContext.ts";

/** Props of {@link SeoHead}. */
export interface SeoHeadProps {
  /** Page title without the brand; the brand is appended. */
  title: string;
  description: string;
  /**
   * Canonical path of the page (`/faq`). Omit on error pages: they have no
   * canonical URL and are marked `noindex`.
   */
  path?: string;
  /** Use the title as is, without " | MyHibachi" (the home page). */
  fullTitle?: boolean;
  /** Open Graph type; pages are "website", articles could be "article". */
  ogType?: string;
  /** schema.org nodes rendered as JSON-LD data blocks. */
  jsonLd?: JsonLd[];
  noindex?: boolean;
}

/**
 * Title, description, canonical link, Open Graph, Twitter card and JSON-LD
 * for one page. JSON-LD is a data block (`application/ld+json`), which the
 * CSP does not treat as script.
 */
export function SeoHead(props: SeoHeadProps) {
  const { origin } = useSite();
  const title = props.fullTitle
    ? props.title
    : `${props.title} | ${BUSINESS.name}`;
  const url = props.path === undefined
    ? undefined
    : absoluteUrl(props.path, origin);
  const image = `${origin}/og-image.png`;
  return (
    <Head>
      <title>{title}</title>
      <meta name="description" content={props.description} />
      {url && <link rel="canonical" href={url} />}
      {props.noindex && <meta name="robots" content="noindex" />}
      <meta property="og:site_name" content={BUSINESS.name} />
      <meta property="og:type" content={props.ogType ?? "website"} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={props.description} />
      {url && <meta property="og:url" content={url} />}
      <meta property="og:image" content={image} />
      <meta property="og:image:type" content="image/png" />
      <meta property="og:image:width" content="1200" />
      <meta property="og:image:height" content="630" />
      <meta
        property="og:image:alt"
        content={`${BUSINESS.name}: ${BUSINESS.tagline}`}
      />
      <meta property="og:locale" content="en_US" />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={props.description} />
      <meta name="twitter:image" content={image} />
      {(props.jsonLd ?? []).map((data, index) => (
        <script
          key={`ld-${index}`}
          type="application/ld+json"
          // deno-lint-ignore react-no-danger
          dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }}
        />
      ))}
    </Head>
  );
}
