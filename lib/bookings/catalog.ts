/**
 * What every booking request reads first: the current pricing settings, the
 * active menu and the location, as the calling role sees them (anon may read
 * all three under RLS).
 *
 * @module
 */
import type { TransactionSql } from "../db/mod.ts";
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
import { BookingError } from "./errors.ts";

/** Slug of the location used when a request names none. */
export const DEFAULT_LOCATION_SLUG = "fremont";

/** An active base location. */
export interface Location {
  id: string;
  slug: string;
  name: string;
  zip: string;
  timezone: string;
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
  const [row] = on
    ? await tx<PricingSettingsRow[]>`
        select * from app.settings_at(${on}::date)`
    : await tx<PricingSettingsRow[]>`
        select * from app.settings_at(app.business_today())`;
  if (!row || row.adult_price_cents === null) {
    throw new Error("no settings version is in force");
  }
  const items = await tx<MenuItemRow[]>`
    select code, kind, label, premium_surcharge_cents, price_cents, active, sort_order
    from public.menu_items where active order by sort_order, code`;
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
        select id, slug, name, zip, timezone from public.locations
        where id = ${key}::uuid and active`
    : await tx<Location[]>`
        select id, slug, name, zip, timezone from public.locations
        where slug = ${key} and active`;
  if (rows.length === 0) {
    throw new BookingError(422, "VALIDATION_FAILED", "Unknown location.", [
      { path: "location", message: `no active location "${key}"` },
    ]);
  }
  return rows[0];
}
