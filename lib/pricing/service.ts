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
  findLocation,
  loadCatalog,
  type Location,
  requestedDate,
  schemaRules,
} from "../bookings/catalog.ts";
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
  try {
    return computeQuote(input, catalog.settings, catalog.menu, {
      miles: travel.miles,
    });
  } catch (err) {
    if (err instanceof QuoteInputError) throw validationFailed(err.issues);
    throw err;
  }
}

/** Options of {@link quote}. */
export interface QuoteOptions {
  /** Location slug or id; default fremont. */
  location?: string;
}

/**
 * `POST /api/quote`: validates `body` (strict, against the current settings
 * and menu) and prices it. An address beyond the service area still gets a
 * full quote with `serviceable: false`.
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED`.
 */
export async function quote(
  db: Db,
  body: unknown,
  opts: QuoteOptions = {},
): Promise<Quote> {
  return await withClaims(db, null, async (tx) => {
    const catalog = await loadCatalog(tx, requestedDate(body));
    const parsed = quoteBodySchema(schemaRules(catalog)).safeParse(body);
    if (!parsed.success) throw fromZod(parsed.error);
    const location = await findLocation(tx, opts.location);
    return priceQuote(parsed.data, location, catalog);
  }, { readOnly: true });
}
