/**
 * Server-side pricing of a request: the current catalog, travel from the
 * location's ZIP, then the pure {@link computeQuote}. Client totals are never
 * read.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { travelMiles } from "../geo/mod.ts";
import {
  computeQuote,
  type Quote,
  type QuoteInput,
  QuoteInputError,
} from "./quote.ts";
import { quoteBodySchema } from "../schemas/mod.ts";
import {
  type Catalog,
  chooseEventLocation,
  type EventLocation,
  loadCatalog,
  loadLocations,
  type Location,
  type LocationOption,
  requestedDate,
  schemaRules,
} from "../bookings/catalog.ts";
import type { PricingSnapshot } from "./snapshot.ts";
import { fromZod, validationFailed } from "../bookings/errors.ts";

/**
 * Prices a validated quote input at `location` with `catalog`.
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` at `zip` for a ZIP the data
 *   does not know, or at menu paths for codes the catalog lacks.
 */
export function priceQuote(
  input: QuoteInput,
  location: Location,
  catalog: Catalog,
): Quote {
  const travel = travelMiles(location.zip, input.zip);
  if (!travel.ok) {
    throw validationFailed([{ path: "zip", message: travel.message }]);
  }
  return priceAtMiles(input, travel.miles, catalog);
}

/** Prices `input` for `miles` of travel (from `lib/geo`) with `catalog`. */
function priceAtMiles(
  input: QuoteInput,
  miles: number,
  catalog: Catalog,
): Quote {
  try {
    return computeQuote(input, catalog.settings, catalog.menu, { miles });
  } catch (err) {
    if (err instanceof QuoteInputError) throw validationFailed(err.issues);
    throw err;
  }
}

/** Options of {@link quote}. */
export interface QuoteOptions {
  /** Location slug or id (the body's `location` wins); default the nearest. */
  location?: string;
  /**
   * The instance's current catalog (`SiteCatalogCache.snapshot()`): when
   * given, the quote is priced in memory with no database round trip; null
   * or absent reads the database.
   */
  snapshot?: PricingSnapshot | null;
  /** The time the undated quote is priced at (business today); default now. */
  now?: Date;
}

/** `POST /api/quote`'s answer: the quote and the base it is priced from. */
export interface QuoteAnswer extends Quote {
  /** The base location the chef travels from. */
  location: LocationOption;
  /** Every location that serves the ZIP, nearest first (the customer may pick one). */
  locations: LocationOption[];
}

/**
 * The quote of `input` priced from the event's location (nearest, or the
 * requested one); `where` was chosen for `input.zip`, so its distance is the
 * travel priced.
 */
export function priceAtEventLocation(
  input: QuoteInput,
  where: EventLocation,
  catalog: Catalog,
): QuoteAnswer {
  // The choice already measured the distance from the ZIP it was given.
  const priced = priceAtMiles(input, where.travelMiles, catalog);
  return {
    ...priced,
    location: {
      slug: where.location.slug,
      name: where.location.name,
      travelMiles: where.travelMiles,
    },
    locations: where.options,
  };
}

/**
 * `POST /api/quote`: validates `body` (strict, against the current settings
 * and menu) and prices it from the event's location: `body.location` (or
 * `opts.location`) when given, else the nearest that serves the ZIP. An
 * address beyond the service area still gets a full quote with
 * `serviceable: false` (from the nearest location).
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED`; 422 `OUT_OF_SERVICE_AREA`
 *   when the requested location does not serve the ZIP.
 */
export async function quote(
  db: Db,
  body: unknown,
  opts: QuoteOptions = {},
): Promise<QuoteAnswer> {
  const date = requestedDate(body);
  if (opts.snapshot) {
    const { catalog, quoteSchema } = opts.snapshot.catalogOn(
      date,
      opts.now ?? new Date(),
    );
    return priceBody(body, catalog, quoteSchema, opts, opts.snapshot.locations);
  }
  return await withClaims(db, null, async (tx) => {
    const catalog = await loadCatalog(tx, date);
    const schema = quoteBodySchema(schemaRules(catalog));
    return priceBody(body, catalog, schema, opts, await loadLocations(tx));
  }, { readOnly: true });
}

/** Validates `body` against `schema` and prices it at the event's location. */
function priceBody(
  body: unknown,
  catalog: Catalog,
  schema: ReturnType<typeof quoteBodySchema>,
  opts: QuoteOptions,
  locations: readonly Location[],
): QuoteAnswer {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const where = chooseEventLocation(
    locations,
    parsed.data.location ?? opts.location,
    parsed.data.zip,
    catalog.settings.maxTravelMiles,
  );
  return priceAtEventLocation(parsed.data, where, catalog);
}
