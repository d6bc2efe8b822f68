/** Typical travel distance and fee for a served city's landing page. */
import { travelMiles } from "../geo/zip.ts";
import { LOCATION_ZIPS, type ServedCity } from "./cities.ts";
import { type PricingSettings, travelFeeCents } from "../pricing/marketing.ts";

/** Distance from the serving base to the city's representative ZIP. */
export interface CityTravel {
  miles: number;
  /** Fee at that distance; null if outside the service area. */
  feeCents: number | null;
}

/**
 * Travel from the city's base location to its representative ZIP, by the
 * same rule the quote uses (lib/geo). `null` if a ZIP is unknown to the data.
 */
export function cityTravel(
  city: ServedCity,
  p: Readonly<PricingSettings>,
): CityTravel | null {
  const result = travelMiles(LOCATION_ZIPS[city.locationSlug], city.zip);
  if (!result.ok) return null;
  return { miles: result.miles, feeCents: travelFeeCents(result.miles, p) };
}
