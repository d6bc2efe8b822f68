/**
 * SEO helpers: absolute URLs from the public origin and schema.org JSON-LD
 * objects.
 * Pure functions; components/SeoHead.tsx renders their output.
 */
import { BUSINESS } from "./business.ts";
import { CITIES, type ServedCity } from "./cities.ts";
import type { FaqEntry } from "./faq.ts";
import type { Review } from "./reviews.ts";
import { aggregateRating } from "./reviews.ts";

import { absoluteUrl } from "../links/mod.ts";

/** Absolute URL for a site path; built in lib/links, the one place for public URLs. */
export { absoluteUrl };

/** A JSON-LD object (any schema.org node). */
export type JsonLd = Record<string, unknown>;

/**
 * Serialises JSON-LD for a `<script type="application/ld+json">` body.
 * `<`, `>` and `&` are escaped as JSON unicode escapes so text such as
 * `</script>` inside a value can never close the element.
 */
export function serializeJsonLd(data: JsonLd | JsonLd[]): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function postalAddress(): JsonLd {
  return { "@type": "PostalAddress", ...BUSINESS.address };
}

/** Stable `@id` of the business node so other nodes can reference it. */
export function businessId(origin: string): string {
  return `${origin}/#business`;
}

/** FoodEstablishment (a LocalBusiness subtype) for the home page. */
export function localBusinessJsonLd(
  origin: string,
  cities: readonly ServedCity[] = CITIES,
): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": ["FoodEstablishment", "LocalBusiness"],
    "@id": businessId(origin),
    name: BUSINESS.name,
    legalName: BUSINESS.legalName,
    description: BUSINESS.description,
    url: `${origin}/`,
    logo: `${origin}/logo.svg`,
    image: `${origin}/og-image.png`,
    telephone: BUSINESS.phoneE164,
    email: BUSINESS.email,
    address: postalAddress(),
    geo: {
      "@type": "GeoCoordinates",
      latitude: BUSINESS.geo.latitude,
      longitude: BUSINESS.geo.longitude,
    },
    openingHours: BUSINESS.openingHours,
    priceRange: BUSINESS.priceRange,
    servesCuisine: BUSINESS.cuisines,
    acceptsReservations: `${origin}/book`,
    areaServed: cities.map((city) => ({
      "@type": "City",
      name: `${city.name}, ${city.state}`,
    })),
  };
}

/** FAQPage with every question and its plain-text answer. */
export function faqPageJsonLd(entries: readonly FaqEntry[]): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "FAQPage",
    mainEntity: entries.map((entry) => ({
      "@type": "Question",
      name: entry.question,
      acceptedAnswer: { "@type": "Answer", text: entry.answer },
    })),
  };
}

/**
 * The business with its approved reviews and, only when there is at least
 * one, their AggregateRating (a rating of nothing would be made up).
 */
export function reviewsJsonLd(
  reviews: readonly Review[],
  origin: string,
): JsonLd {
  const { count, average } = aggregateRating(reviews);
  return {
    "@context": "https://schema.org",
    "@type": "FoodEstablishment",
    "@id": businessId(origin),
    name: BUSINESS.name,
    url: `${origin}/`,
    image: `${origin}/og-image.png`,
    telephone: BUSINESS.phoneE164,
    priceRange: BUSINESS.priceRange,
    servesCuisine: BUSINESS.cuisines,
    address: postalAddress(),
    ...(count > 0
      ? {
        aggregateRating: {
          "@type": "AggregateRating",
          ratingValue: average,
          reviewCount: count,
          bestRating: 5,
          worstRating: 1,
        },
        review: reviews.map((review) => ({
          "@type": "Review",
          author: { "@type": "Person", name: review.author },
          datePublished: review.date,
          reviewBody: review.body,
          reviewRating: {
            "@type": "Rating",
            ratingValue: review.rating,
            bestRating: 5,
            worstRating: 1,
          },
        })),
      }
      : {}),
  };
}

/** A catering Service offered in one city, for its landing page. */
export function cityServiceJsonLd(
  city: ServedCity,
  origin: string,
): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "Service",
    serviceType: "Private hibachi catering",
    name: `Hibachi catering in ${city.name}, ${city.state}`,
    url: absoluteUrl(`/service-area/${city.slug}`, origin),
    provider: {
      "@id": businessId(origin),
      "@type": "FoodEstablishment",
      name: BUSINESS.name,
    },
    areaServed: {
      "@type": "City",
      name: `${city.name}, ${city.state}`,
      containedInPlace: {
        "@type": "AdministrativeArea",
        name: `${city.county}, CA`,
      },
    },
  };
}

/** BreadcrumbList from `[label, path]` pairs, root first. */
export function breadcrumbJsonLd(
  trail: ReadonlyArray<readonly [string, string]>,
  origin: string,
): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: trail.map(([name, path], index) => ({
      "@type": "ListItem",
      position: index + 1,
      name,
      item: absoluteUrl(path, origin),
    })),
  };
}
