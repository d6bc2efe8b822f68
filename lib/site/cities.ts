/**
 * Cities with their own service-area page. Each is served from one base
 * location (the `locations.slug` in the database); travel is priced from that
 * location's ZIP, so `zip` here is only the city's representative ZIP.
 */

/** One served city and the copy for its landing page. */
export interface ServedCity {
  /** URL segment: `/service-area/{slug}`. */
  slug: string;
  name: string;
  state: "CA";
  /** Representative ZIP centroid for the city. */
  zip: string;
  /** Slug of the base location that serves it (`locations.slug`). */
  locationSlug: "fremont" | "sacramento";
  county: string;
  /** A short, specific paragraph so each page is more than a template. */
  intro: string;
  /** Neighbourhoods and nearby towns we regularly cook in. */
  neighborhoods: string[];
}

/** Every city with a landing page, ordered for display (base cities first). */
export const CITIES: readonly ServedCity[] = [
  {
    slug: "fremont",
    name: "Fremont",
    state: "CA",
    zip: "94539",
    locationSlug: "fremont",
    county: "Alameda County",
    intro:
      "Fremont is home base: our chefs and grills start here, so backyard parties from Mission San Jose to Ardenwood never pay a travel fee.",
    neighborhoods: [
      "Mission San Jose",
      "Warm Springs",
      "Niles",
      "Ardenwood",
      "Centerville",
      "Irvington",
    ],
  },
  {
    slug: "san-jose",
    name: "San Jose",
    state: "CA",
    zip: "95113",
    locationSlug: "fremont",
    county: "Santa Clara County",
    intro:
      "From Willow Glen patios to Evergreen cul-de-sacs, San Jose is our busiest city for birthdays, graduations and team dinners.",
    neighborhoods: [
      "Willow Glen",
      "Evergreen",
      "Almaden Valley",
      "Berryessa",
      "Rose Garden",
      "Cambrian",
    ],
  },
  {
    slug: "oakland",
    name: "Oakland",
    state: "CA",
    zip: "94612",
    locationSlug: "fremont",
    county: "Alameda County",
    intro:
      "Hillside decks in Montclair or a rooftop by Lake Merritt: our chefs bring a compact propane grill that fits where a caterer's truck cannot.",
    neighborhoods: [
      "Rockridge",
      "Montclair",
      "Temescal",
      "Grand Lake",
      "Piedmont Avenue",
      "Jack London Square",
    ],
  },
  {
    slug: "san-francisco",
    name: "San Francisco",
    state: "CA",
    zip: "94103",
    locationSlug: "fremont",
    county: "San Francisco County",
    intro:
      "City backyards, garages and event spaces: we plan parking and load-in ahead of time and cook on an outdoor-rated grill with a fire extinguisher on hand.",
    neighborhoods: [
      "Sunset",
      "Richmond",
      "Noe Valley",
      "Bernal Heights",
      "Mission",
      "Marina",
    ],
  },
  {
    slug: "palo-alto",
    name: "Palo Alto",
    state: "CA",
    zip: "94301",
    locationSlug: "fremont",
    county: "Santa Clara County",
    intro:
      "A favourite for company offsites and family celebrations along the Peninsula, from Old Palo Alto gardens to Stanford-area gatherings.",
    neighborhoods: [
      "Old Palo Alto",
      "Crescent Park",
      "Midtown",
      "Barron Park",
      "Menlo Park",
      "Los Altos",
    ],
  },
  {
    slug: "sunnyvale",
    name: "Sunnyvale",
    state: "CA",
    zip: "94086",
    locationSlug: "fremont",
    county: "Santa Clara County",
    intro:
      "Tech-team dinners and backyard birthdays across Sunnyvale, Cupertino and Mountain View, usually within our free-travel radius.",
    neighborhoods: [
      "Cherry Chase",
      "Ortega Park",
      "Lakewood",
      "Cupertino",
      "Mountain View",
      "Santa Clara",
    ],
  },
  {
    slug: "milpitas",
    name: "Milpitas",
    state: "CA",
    zip: "95035",
    locationSlug: "fremont",
    county: "Santa Clara County",
    intro:
      "Just down I-880 from our Fremont base, Milpitas parties get a chef on site early with plenty of time to set up.",
    neighborhoods: [
      "Milpitas Hills",
      "Calaveras",
      "Sunnyhills",
      "Berryessa border",
      "North Milpitas",
    ],
  },
  {
    slug: "pleasanton",
    name: "Pleasanton",
    state: "CA",
    zip: "94566",
    locationSlug: "fremont",
    county: "Alameda County",
    intro:
      "Tri-Valley backyards are made for hibachi: we cook in Pleasanton, Dublin, Livermore and San Ramon every weekend of the season.",
    neighborhoods: [
      "Ruby Hill",
      "Vintage Hills",
      "Dublin",
      "Livermore",
      "San Ramon",
      "Danville",
    ],
  },
  {
    slug: "walnut-creek",
    name: "Walnut Creek",
    state: "CA",
    zip: "94596",
    locationSlug: "fremont",
    county: "Contra Costa County",
    intro:
      "Poolside dinners and anniversary parties across central Contra Costa County, from Rossmoor to Lafayette and Orinda.",
    neighborhoods: [
      "Northgate",
      "Rossmoor",
      "Lafayette",
      "Orinda",
      "Pleasant Hill",
      "Concord",
    ],
  },
  {
    slug: "sacramento",
    name: "Sacramento",
    state: "CA",
    zip: "95814",
    locationSlug: "sacramento",
    county: "Sacramento County",
    intro:
      "Our Sacramento team covers the capital region, from Land Park and East Sacramento gardens to Natomas and Pocket backyards.",
    neighborhoods: [
      "East Sacramento",
      "Land Park",
      "Midtown",
      "Natomas",
      "Pocket",
      "Curtis Park",
    ],
  },
  {
    slug: "elk-grove",
    name: "Elk Grove",
    state: "CA",
    zip: "95624",
    locationSlug: "sacramento",
    county: "Sacramento County",
    intro:
      "Family-sized parties in Elk Grove and Laguna are a short drive from our Sacramento base, with the same menu and prices.",
    neighborhoods: [
      "Laguna",
      "Laguna West",
      "East Franklin",
      "Sheldon",
      "Wilton",
    ],
  },
  {
    slug: "roseville",
    name: "Roseville",
    state: "CA",
    zip: "95678",
    locationSlug: "sacramento",
    county: "Placer County",
    intro:
      "Roseville, Rocklin and Granite Bay patios see our grills all summer; book early for graduation weekends.",
    neighborhoods: [
      "Westpark",
      "Sun City",
      "Rocklin",
      "Granite Bay",
      "Lincoln",
      "Folsom",
    ],
  },
];

/** The city with that URL slug, or `undefined` when we have no page for it. */
export function findCity(slug: string): ServedCity | undefined {
  return CITIES.find((city) => city.slug === slug);
}

/** Path of a city's landing page. */
export function cityPath(city: Pick<ServedCity, "slug">): string {
  return `/service-area/${city.slug}`;
}

/**
 * ZIP of each base location: a static copy of `locations.zip` as seeded by
 * supabase/seed.sql. The service-area pages are marketing copy rendered
 * without a database query and only quote an approximate travel fee; the
 * booking quote reads the ZIP from the `locations` table. Kept in step with
 * the seed by tests/site/cities_locations_test.ts.
 */
export const LOCATION_ZIPS: Readonly<
  Record<ServedCity["locationSlug"], string>
> = {
  fremont: "94539",
  sacramento: "95814",
};

/** Display name of each base location (`locations.name`, seeded; same test). */
export const LOCATION_NAMES: Readonly<
  Record<ServedCity["locationSlug"], string>
> = {
  fremont: "Fremont",
  sacramento: "Sacramento",
};
