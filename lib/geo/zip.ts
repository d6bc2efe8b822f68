/**
 * US ZIP code centroids and travel miles, from the maintained npm `zipcodes` data.
 *
 * @module
 */

import zipcodes from "zipcodes";

/** Mean Earth radius in statute miles used for the great-circle distance. */
export const EARTH_RADIUS_MILES = 3958.8;

/** What the service-area pages need about a ZIP. */
export interface ZipInfo {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
}

/** Travel distance, or which ZIP could not be found (the API answers 422 on `zip`). */
export type TravelMilesResult =
  | { ok: true; miles: number }
  | { ok: false; code: "UNKNOWN_ZIP"; zip: string; message: string };

/** The shape `zipcodes.lookup` returns (the package ships no types). */
interface ZipcodesEntry {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}

const lookup =
  (zipcodes as { lookup(zip: string): ZipcodesEntry | undefined }).lookup;

const US_ZIP = /^\d{5}$/;

/**
 * Looks up a five-digit US ZIP. Returns null for anything else (malformed input,
 * ZIP+4, Canadian postal codes, or a ZIP the data does not know).
 */
export function zipInfo(zip: string): ZipInfo | null {
  if (typeof zip !== "string" || !US_ZIP.test(zip)) return null;
  const entry = lookup(zip);
  if (!entry || entry.country !== "US") return null;
  return {
    zip: entry.zip,
    city: entry.city,
    state: entry.state,
    latitude: entry.latitude,
    longitude: entry.longitude,
  };
}

/** Great-circle (haversine) distance in miles between two points given in degrees. */
export function haversineMiles(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) *
      Math.sin(dLon / 2) ** 2;
  // min() guards asin against h creeping past 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Travel miles from a location's ZIP to the event ZIP: the great-circle distance
 * between the two ZIP centroids, rounded UP to a whole mile (SPEC §2).
 */
export function travelMiles(fromZip: string, toZip: string): TravelMilesResult {
  const to = zipInfo(toZip);
  if (!to) return unknownZip(toZip);
  const from = zipInfo(fromZip);
  if (!from) return unknownZip(fromZip);
  return { ok: true, miles: milesBetween(from, to) };
}

/** {@link travelMiles} between two ZIPs already looked up. */
export function milesBetween(from: ZipInfo, to: ZipInfo): number {
  return from.zip === to.zip ? 0 : Math.ceil(haversineMiles(from, to));
}

/** The {@link travelMiles} failure for a ZIP the data does not know. */
export function unknownZip(
  zip: string,
): Extract<TravelMilesResult, { ok: false }> {
  return {
    ok: false,
    code: "UNKNOWN_ZIP",
    zip,
    message: `unknown US ZIP code "${zip}"`,
  };
}
