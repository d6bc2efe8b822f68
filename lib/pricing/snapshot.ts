/**
 * Everything a quote reads, held in memory: every effective-dated settings
 * version (ADR 0023), the active menu, the active locations and the
 * business's time zone. Built by `SiteCatalogCache` from one read-only
 * transaction and replaced when the database announces a change (LISTEN
 * `catalog_changed`), so `POST /api/quote` is arithmetic with no database
 * round trip. It also holds the capacity half of availability (ADR 0056).
 * Immutable once built; the per-version zod schema is built once per
 * snapshot, not per request.
 *
 * @module
 */
import {
  type MenuItem,
  menuItemFromRow,
  type MenuItemRow,
  type PricingSettings,
  pricingSettingsFromRow,
  type PricingSettingsRow,
} from "./types.ts";
import {
  type Catalog,
  loadLocations,
  type Location,
  schemaRules,
} from "../bookings/catalog.ts";
import type { TransactionSql } from "../db/mod.ts";
import { quoteBodySchema } from "../schemas/mod.ts";
import { localDateOf } from "../booking_window/zone.ts";
import {
  type CapacityPlan,
  loadCapacityPlan,
} from "../availability/capacity.ts";

/** One settings version: in force from `effectiveFrom` until the next one. */
export interface SettingsVersion {
  effectiveFrom: string;
  settings: PricingSettings;
}

/** A catalog in force on some date, with the schema its rules give. */
export interface DatedCatalog {
  catalog: Catalog;
  /** `quoteBodySchema` under this catalog's rules (built once). */
  quoteSchema: ReturnType<typeof quoteBodySchema>;
}

/**
 * The version in force on `date` ("YYYY-MM-DD") among `versions` (newest
 * `effectiveFrom` first): the newest one starting on or before it, else the
 * earliest (as `app.settings_at` orders them).
 */
export function versionOn<V extends { effectiveFrom: string }>(
  versions: readonly V[],
  date: string,
): V {
  return versions.find((v) => v.effectiveFrom <= date) ??
    versions[versions.length - 1];
}

/** What one read of the catalog tables gave. */
export interface PricingSnapshotData {
  /** Every settings version, newest `effectiveFrom` first (at least one). */
  versions: SettingsVersion[];
  /** Active menu items in display order. */
  menu: MenuItem[];
  /** Active locations (sort order). */
  locations: Location[];
  /** The business's zone (`app.business_today`: the first active location's). */
  timeZone: string;
  /** Capacities of the active locations over a horizon; none: availability reads them all. */
  capacity?: CapacityPlan;
}

/** An immutable in-memory copy of the catalog tables. */
export class PricingSnapshot {
  readonly versions: readonly SettingsVersion[];
  readonly menu: readonly MenuItem[];
  readonly locations: readonly Location[];
  readonly timeZone: string;
  readonly capacity: CapacityPlan | null;
  readonly #byVersion = new Map<SettingsVersion, DatedCatalog>();
  /** The last {@link today} answer and its minute: a zone lookup costs more than the quote. */
  #todayMemo: { minute: number; date: string } | null = null;

  constructor(data: PricingSnapshotData) {
    if (data.versions.length === 0) {
      throw new Error("no settings version is in force");
    }
    this.versions = data.versions;
    this.menu = data.menu;
    this.locations = data.locations;
    this.timeZone = data.timeZone;
    this.capacity = data.capacity ?? null;
  }

  /** The business's calendar date at `now`. */
  today(now: Date): string {
    // Zone offsets change on whole minutes, so one minute has one date.
    const minute = Math.floor(now.getTime() / 60_000);
    if (this.#todayMemo?.minute !== minute) {
      this.#todayMemo = { minute, date: localDateOf(now, this.timeZone) };
    }
    return this.#todayMemo.date;
  }

  /**
   * The catalog in force on `date` (an event date), else on the business's
   * today at `now`: the same answer as `loadCatalog` in SQL.
   */
  catalogOn(date: string | undefined, now: Date): DatedCatalog {
    const version = versionOn(this.versions, date ?? this.today(now));
    let dated = this.#byVersion.get(version);
    if (!dated) {
      const catalog = {
        settings: version.settings,
        menu: this.menu as MenuItem[],
      };
      dated = { catalog, quoteSchema: quoteBodySchema(schemaRules(catalog)) };
      this.#byVersion.set(version, dated);
    }
    return dated;
  }
}

/**
 * Reads the snapshot in one transaction (as the calling role: anon may read
 * all of it), with the business's today by the database clock.
 */
export async function loadPricingSnapshot(
  tx: TransactionSql,
): Promise<{ today: string; snapshot: PricingSnapshot }> {
  const versions = await tx<
    (PricingSettingsRow & { effective_from: string })[]
  >`select * from public.settings_versions order by effective_from desc`;
  const items = await tx<MenuItemRow[]>`
    select code, kind, label, premium_surcharge_cents, price_cents, active, sort_order
    from public.menu_items where active order by sort_order, code`;
  const [clock] = await tx<{ today: string; zone: string | null }[]>`
    select app.business_today() as today,
      (select l.timezone from public.locations l where l.active
       order by l.sort_order, l.created_at limit 1) as zone`;
  const locations = await loadLocations(tx);
  const capacity = await loadCapacityPlan(tx);
  return {
    today: clock.today,
    snapshot: new PricingSnapshot({
      versions: versions.map((row) => ({
        effectiveFrom: row.effective_from,
        settings: pricingSettingsFromRow(row),
      })),
      menu: items.map(menuItemFromRow),
      locations,
      timeZone: clock.zone ?? "UTC",
      capacity,
    }),
  };
}
