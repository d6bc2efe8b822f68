/**
 * `GET /api/availability`: slot capacity and reservations from the database
 * (`public.slot_availability`, which counts what anon may not read), with the
 * booking window applied at `now`.
 *
 * The database rows may be micro-cached per instance by an
 * {@link AvailabilityCache} (`AVAILABILITY_CACHE_MS`, default 1000): many visitors look
 * at the same month, and a view at most a second old is fine because the
 * database, not this view, decides whether a hold or booking fits. Writes made
 * through this instance call {@link SlotsChanged.changed}, so its own
 * customers never see their hold or booking missing (docs/adr/0005).
 *
 * @module
 */
import type { Availability, DateAvailability } from "./types.ts";
import {
  isWithinBookingWindow,
  slotStartInstant,
} from "../booking_window/mod.ts";
import { TtlCache } from "../cache/ttl.ts";
import { type Db, type TransactionSql, withClaims } from "../db/mod.ts";
import type { PricingSettings } from "../pricing/mod.ts";
import { availabilityQuerySchema } from "../schemas/mod.ts";
import {
  chooseEventLocation,
  findLocation,
  loadCatalog,
  type Location,
  locationNamed,
  resolveLocation,
} from "../bookings/catalog.ts";
import type { PricingSnapshot } from "../pricing/snapshot.ts";
import { fromZod } from "../bookings/errors.ts";

interface SlotRow {
  event_date: string;
  slot_time: string;
  capacity: number;
  reserved: number;
  available: number;
}

interface SlotRows {
  settings: PricingSettings;
  location: Location;
  rows: SlotRow[];
}

/** Told when a write may have moved a slot's reservations. */
export interface SlotsChanged {
  /** Drop whatever was cached about slots. */
  changed(): void;
}

/**
 * The per-instance availability micro-cache (ADR 0005): database rows for
 * `ttlMs`, dropped by {@link AvailabilityCache.changed} after every
 * slot-moving write of this instance.
 */
export class AvailabilityCache implements SlotsChanged {
  readonly #cache: TtlCache<SlotRows>;
  constructor(ttlMs: number) {
    this.#cache = new TtlCache<SlotRows>(ttlMs, { maxEntries: 500 });
  }
  /** The cached rows of `key`, or `load()`'s. */
  get(key: string, load: () => Promise<SlotRows>): Promise<SlotRows> {
    return this.#cache.get(key, load);
  }
  /** Drops every cached view. */
  changed(): void {
    this.#cache.clear();
  }
}

/**
 * Availability of every slot from `from` to `to` (at most 62 dates) at a
 * location. `available` is 0 for slots outside the 48 h … 365 d window at
 * `now`; capacity and reserved are always the real counts.
 *
 * @param query `{from, to, location?}` as strings (e.g. URL search params).
 * @param snapshot the instance's current catalog: settings and location
 *   come from memory and the database answers only the slot query.
 * @throws {BookingError} 422 `VALIDATION_FAILED`.
 */
export async function availability(
  db: Db,
  query: unknown,
  now: Date,
  cache?: AvailabilityCache,
  snapshot?: PricingSnapshot | null,
): Promise<Availability> {
  const parsed = availabilityQuerySchema.safeParse(query);
  if (!parsed.success) throw fromZod(parsed.error);
  const { from, to } = parsed.data;
  const { zip } = parsed.data;
  const key = `${parsed.data.location ?? ""}|${zip ?? ""}|${from}|${to}`;
  const slots = (tx: TransactionSql, location: Location) =>
    tx<SlotRow[]>`
      select event_date, slot_time, capacity, reserved, available
      from public.slot_availability(${location.id}, ${from}::date, ${to}::date)`;
  // With the instance's current catalog (LISTEN/NOTIFY), settings and the
  // location are known: the transaction is the one slot query.
  const load = snapshot
    ? () => {
      const { settings } = snapshot.catalogOn(undefined, now).catalog;
      const location = zip
        ? chooseEventLocation(
          snapshot.locations,
          parsed.data.location,
          zip,
          settings.maxTravelMiles,
        ).location
        : locationNamed(snapshot.locations, parsed.data.location);
      return withClaims(db, null, async (tx) => ({
        settings,
        location,
        rows: [...await slots(tx, location)],
      }), { readOnly: true });
    }
    : () =>
      withClaims(db, null, async (tx) => {
        const { settings } = await loadCatalog(tx);
        const location = zip
          ? (await resolveLocation(
            tx,
            parsed.data.location,
            zip,
            settings.maxTravelMiles,
          )).location
          : await findLocation(tx, parsed.data.location);
        return { settings, location, rows: [...await slots(tx, location)] };
      }, { readOnly: true });
  const { settings, location, rows } = cache
    ? await cache.get(key, load)
    : await load();
  const dates: DateAvailability[] = [];
  for (const r of rows) {
    let day = dates.at(-1);
    if (!day || day.date !== r.event_date) {
      day = { date: r.event_date, slots: [] };
      dates.push(day);
    }
    const bookable = isWithinBookingWindow(
      slotStartInstant(r.event_date, r.slot_time, location.timezone),
      now,
      settings,
    );
    day.slots.push({
      time: r.slot_time,
      capacity: r.capacity,
      reserved: r.reserved,
      available: bookable ? r.available : 0,
    });
  }
  return {
    timezone: location.timezone,
    location: { slug: location.slug, name: location.name },
    dates,
  };
}
