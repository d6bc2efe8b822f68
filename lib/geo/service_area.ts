/**
 * Which base location serves an event ZIP (SPEC §2 Availability): the
 * nearest active location by travel miles whose distance is within the
 * service area; when several serve the ZIP the customer may pick another.
 *
 * Pure: the caller passes the active locations and the maximum miles.
 *
 * @module
 */
import { milesBetween, unknownZip, zipInfo } from "./zip.ts";

/** What the rule needs of a base location. */
export interface BaseLocation {
  slug: string;
  zip: string;
  /** Tie-break between equally near locations (lower first). */
  sortOrder?: number;
}

/** A location with its travel miles to the event ZIP. */
export interface LocationDistance<L extends BaseLocation> {
  location: L;
  miles: number;
}

/** Every location's distance to a ZIP, nearest first, and which of them serve it. */
export type ServiceArea<L extends BaseLocation> =
  | { ok: false; code: "UNKNOWN_ZIP"; message: string }
  | {
    ok: true;
    /** All locations with a known ZIP, nearest first. */
    all: LocationDistance<L>[];
    /** Those within `maxMiles`, nearest first (empty: out of the service area). */
    serving: LocationDistance<L>[];
  };

function byDistance<L extends BaseLocation>(
  a: LocationDistance<L>,
  b: LocationDistance<L>,
): number {
  return a.miles - b.miles ||
    (a.location.sortOrder ?? 0) - (b.location.sortOrder ?? 0) ||
    (a.location.slug < b.location.slug
      ? -1
      : a.location.slug > b.location.slug
      ? 1
      : 0);
}

/**
 * The distances from every location to `zip`, nearest first (ties: sort
 * order, then slug), and the ones that serve it (miles ≤ `maxMiles`).
 * A location whose own ZIP the data does not know is left out.
 */
export function serviceArea<L extends BaseLocation>(
  locations: readonly L[],
  zip: string,
  maxMiles: number,
): ServiceArea<L> {
  // The event's ZIP is looked up once, not once per location.
  const to = zipInfo(zip);
  if (!to) {
    return { ok: false, code: "UNKNOWN_ZIP", message: unknownZip(zip).message };
  }
  const all: LocationDistance<L>[] = [];
  for (const location of locations) {
    const from = zipInfo(location.zip);
    if (from) all.push({ location, miles: milesBetween(from, to) });
  }
  all.sort(byDistance);
  return { ok: true, all, serving: all.filter((d) => d.miles <= maxMiles) };
}

/** The outcome of choosing the location of an event. */
export type LocationChoice<L extends BaseLocation> =
  | { ok: false; code: "UNKNOWN_ZIP"; message: string }
  | {
    ok: false;
    code: "NOT_SERVING";
    /** The requested location and its distance (beyond the service area). */
    requested: LocationDistance<L>;
    /** The locations that do serve the ZIP, nearest first. */
    serving: LocationDistance<L>[];
  }
  | {
    ok: true;
    /** The chosen location: the requested one, else the nearest. */
    chosen: LocationDistance<L>;
    /** False when no location serves the ZIP (chosen is then the nearest). */
    serviceable: boolean;
    /** Every location that serves the ZIP, nearest first (the customer's options). */
    serving: LocationDistance<L>[];
  };

/**
 * Chooses the location of an event at `zip`: `requested` (a slug among
 * `locations`) when given and it serves the ZIP, else the nearest serving
 * one; with none serving, the nearest of all with `serviceable: false`.
 * A requested location that does not serve the ZIP is `NOT_SERVING`; the
 * caller checks first that `requested` names one of `locations`.
 */
export function chooseLocation<L extends BaseLocation>(
  locations: readonly L[],
  zip: string,
  maxMiles: number,
  requested?: string,
): LocationChoice<L> | { ok: false; code: "NO_LOCATIONS" } {
  const area = serviceArea(locations, zip, maxMiles);
  if (!area.ok) return area;
  if (requested !== undefined) {
    const own = area.all.find((d) => d.location.slug === requested);
    if (own && own.miles > maxMiles) {
      return {
        ok: false,
        code: "NOT_SERVING",
        requested: own,
        serving: area.serving,
      };
    }
    if (own) {
      return {
        ok: true,
        chosen: own,
        serviceable: true,
        serving: area.serving,
      };
    }
  }
  const chosen = area.serving[0] ?? area.all[0];
  if (!chosen) return { ok: false, code: "NO_LOCATIONS" };
  return {
    ok: true,
    chosen,
    serviceable: area.serving.length > 0,
    serving: area.serving,
  };
}
