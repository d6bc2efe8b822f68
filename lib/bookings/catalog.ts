/**
 * What every booking request reads first: the current pricing settings, the
 * active menu and the location, as the calling role sees them (anon may read
 * all three under RLS).
 *
 * @module
 */
import type { Queryable, TransactionSql } from "../db/mod.ts";
import {
  type MenuItem,
  menuItemFromRow,
  type MenuItemRow,
  type PricingSettings,
  pricingSettingsFromRow,
  type PricingSettingsRow,
} from "../pricing/mod.ts";
import type { SchemaRules } from "../schemas/mod.ts";
import { isIsoDate } from "../booking_window/dates.ts";
import { chooseLocation, type LocationDistance } from "../geo/mod.ts";
import { BookingError, outOfServiceArea, validationFailed } from "./errors.ts";

/** Slug of the location used when a request names none. */
export const DEFAULT_LOCATION_SLUG = "fremont";

/** An active base location. */
export interface Location {
  id: string;
  slug: string;
  name: string;
  zip: string;
  timezone: string;
  sortOrder: number;
}

/** Current settings and active menu. */
export interface Catalog {
  settings: PricingSettings;
  menu: MenuItem[];
}

/**
 * Loads the settings version in force on `on` (an event date, "YYYY-MM-DD";
 * default the business's today by the database clock) and the active menu
 * (menu order). Versions are effective-dated (ADR 0023): a quote for next
 * month sees a price change scheduled for next month, one for this week
 * does not.
 */
export async function loadCatalog(
  tx: TransactionSql,
  on?: string,
): Promise<Catalog> {
  // Both sent at once; the second is refused if the first fails.
  const [settingsQuery, itemsQuery] = catalogQueries(tx, on);
  const [settings, items] = await Promise.all([
    settingsQuery.execute(),
    itemsQuery.execute(),
  ]);
  return catalogOf(settings, items);
}

/**
 * {@link loadCatalog}'s two statements, not yet sent: the settings version in
 * force on `on` (default the business's today) and the active menu. Read
 * their rows with {@link catalogOf}.
 */
export function catalogQueries(sql: Queryable, on?: string) {
  return [
    on
      ? sql<PricingSettingsRow[]>`
        select * from app.settings_at(${on}::date)`
      : sql<PricingSettingsRow[]>`
        select * from app.settings_at(app.business_today())`,
    sql<MenuItemRow[]>`
      select code, kind, label, premium_surcharge_cents, price_cents, active, sort_order
      from public.menu_items where active order by sort_order, code`,
  ] as const;
}

/** The catalog of {@link catalogQueries}' rows. */
export function catalogOf(
  settings: readonly PricingSettingsRow[],
  items: readonly MenuItemRow[],
): Catalog {
  const [row] = settings;
  if (!row || row.adult_price_cents === null) {
    throw new Error("no settings version is in force");
  }
  return {
    settings: pricingSettingsFromRow(row),
    menu: items.map(menuItemFromRow),
  };
}

/**
 * The event date a request body names (`date`, "YYYY-MM-DD"), when it is a
 * real calendar date: the catalog is loaded for it before the body is
 * validated (an invalid date is reported by the schema).
 */
export function requestedDate(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const date = (body as { date?: unknown }).date;
  return typeof date === "string" && isIsoDate(date) ? date : undefined;
}

/** The schema rules of the current catalog (admin-edited numbers and menu). */
export function schemaRules(catalog: Catalog): SchemaRules {
  return {
    proteinsPerGuest: catalog.settings.proteinsPerGuest,
    maxPartySize: catalog.settings.maxPartySize,
    slotTimes: catalog.settings.slotTimes,
    menu: catalog.menu,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The active location named by `ref` (slug, or id), default
 * {@link DEFAULT_LOCATION_SLUG}.
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` at `location` when unknown.
 */
export async function findLocation(
  tx: TransactionSql,
  ref: string | undefined,
): Promise<Location> {
  const key = (ref ?? DEFAULT_LOCATION_SLUG).trim().toLowerCase();
  const rows = UUID.test(key)
    ? await tx<Location[]>`
        select id, slug, name, zip, timezone, sort_order as "sortOrder"
        from public.locations
        where id = ${key}::uuid and active`
    : await tx<Location[]>`
        select id, slug, name, zip, timezone, sort_order as "sortOrder"
        from public.locations
        where slug = ${key} and active`;
  if (rows.length === 0) {
    throw new BookingError(422, "VALIDATION_FAILED", "Unknown location.", [
      { path: "location", message: "choose one of our listed bases" },
    ]);
  }
  return rows[0];
}

/** Every active location (sort order), as the calling role sees them. */
export async function loadLocations(tx: TransactionSql): Promise<Location[]> {
  return [
    ...await tx<Location[]>`
      select id, slug, name, zip, timezone, sort_order as "sortOrder"
      from public.locations where active order by sort_order, slug`,
  ];
}

/** A location as the customer sees it: slug, name and travel miles to the event. */
export interface LocationOption {
  slug: string;
  name: string;
  travelMiles: number;
}

/** The location of an event and the customer's other choices. */
export interface EventLocation {
  location: Location;
  travelMiles: number;
  /** False when no location serves the ZIP (location is then the nearest). */
  serviceable: boolean;
  /** Every location that serves the ZIP, nearest first. */
  options: LocationOption[];
}

function optionOf(d: LocationDistance<Location>): LocationOption {
  return { slug: d.location.slug, name: d.location.name, travelMiles: d.miles };
}

/**
 * The active location `ref` names among `locations` (slug, or id; default
 * {@link DEFAULT_LOCATION_SLUG}).
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` at `location` when unknown.
 */
export function locationNamed(
  locations: readonly Location[],
  ref: string | undefined,
): Location {
  const key = (ref ?? DEFAULT_LOCATION_SLUG).trim().toLowerCase();
  const byId = UUID.test(key);
  const found = locations.find((l) =>
    byId ? l.id.toLowerCase() === key : l.slug === key
  );
  if (!found) {
    throw new BookingError(422, "VALIDATION_FAILED", "Unknown location.", [
      { path: "location", message: "choose one of our listed bases" },
    ]);
  }
  return found;
}

/**
 * The location of an event at `zip` (SPEC §2) among the active `locations`:
 * `ref` (slug or id) when given and it serves the ZIP, else the nearest
 * active location that serves it; when none does, the nearest with
 * `serviceable: false`. Pure, so a cached list answers without the database.
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` at `location` (unknown) or
 *   `zip` (unknown ZIP); 422 `OUT_OF_SERVICE_AREA` at `location` when `ref`
 *   does not serve the ZIP.
 */
export function chooseEventLocation(
  locations: readonly Location[],
  ref: string | undefined,
  zip: string,
  maxMiles: number,
): EventLocation {
  const requested = ref === undefined
    ? undefined
    : locationNamed(locations, ref);
  const choice = chooseLocation(locations, zip, maxMiles, requested?.slug);
  if (!choice.ok) {
    if (choice.code === "UNKNOWN_ZIP") {
      throw validationFailed([{ path: "zip", message: choice.message }]);
    }
    if (choice.code === "NOT_SERVING") {
      const { location, miles } = choice.requested;
      throw outOfServiceArea(miles, maxMiles, {
        path: "location",
        message: choice.serving.length > 0
          ? `${location.name} does not serve ZIP ${zip}; choose ${
            choice.serving.map((d) => d.location.name).join(" or ")
          }`
          : `${location.name} does not serve ZIP ${zip}`,
      });
    }
    throw new Error("no active location");
  }
  return {
    location: choice.chosen.location,
    travelMiles: choice.chosen.miles,
    serviceable: choice.serviceable,
    options: choice.serving.map(optionOf),
  };
}

/**
 * {@link chooseEventLocation} over the active locations the calling role
 * sees in `tx` (one query).
 */
export async function resolveLocation(
  tx: TransactionSql,
  ref: string | undefined,
  zip: string,
  maxMiles: number,
): Promise<EventLocation> {
  return chooseEventLocation(await loadLocations(tx), ref, zip, maxMiles);
}
