/**
 * `GET /api/availability`: slot capacity and reservations from the database
 * (`public.slot_availability`, which counts what anon may not read), with the
 * booking window applied at `now`.
 *
 * The database rows are micro-cached per instance for
 * `AVAILABILITY_CACHE_MS` (default 1000; 0 turns it off): many visitors look
 * at the same month, and a view at most a second old is fine because the
 * database, not this view, decides whether a hold or booking fits. Writes made
 * through this instance call {@link availabilityChanged}, so its own
 * customers never see their hold or booking missing (docs/adr/0005).
 *
 * @module
 */
import type { Availability, DateAvailability } from "../availability/mod.ts";
import {
  isWithinBookingWindow,
  slotStartInstant,
} from "../booking_window/mod.ts";
import { TtlCache } from "../cache/ttl.ts";
import { type Db, withClaims } from "../db/mod.ts";
import type { PricingSettings } from "../pricing/mod.ts";
import { availabilityQuerySchema } from "../schemas/mod.ts";
import { findLocation, loadCatalog, type Location } from "./catalog.ts";
import { fromZod } from "./errors.ts";

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

const TTL_MS = Number(Deno.env.get("AVAILABILITY_CACHE_MS") ?? 1000);

// One cache per database handle: tests (and tools) may open several.
const caches = new WeakMap<Db, TtlCache<SlotRows>>();
const allCaches = new Set<WeakRef<TtlCache<SlotRows>>>();

function cacheFor(db: Db): TtlCache<SlotRows> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new TtlCache<SlotRows>(TTL_MS, { maxEntries: 500 });
    caches.set(db, cache);
    allCaches.add(new WeakRef(cache));
  }
  return cache;
}

/** Drop cached availability: call after every write that moves a slot. */
export function availabilityChanged(): void {
  for (const ref of allCaches) {
    const cache = ref.deref();
    if (cache) cache.clear();
    else allCaches.delete(ref);
  }
}

/**
 * Availability of every slot from `from` to `to` (at most 62 dates) at a
 * location. `available` is 0 for slots outside the 48 h … 365 d window at
 * `now`; capacity and reserved are always the real counts.
 *
 * @param query `{from, to, location?}` as strings (e.g. URL search params).
 * @throws {BookingError} 422 `VALIDATION_FAILED`.
 */
export async function availability(
  db: Db,
  query: unknown,
  now: Date,
): Promise<Availability> {
  const parsed = availabilityQuerySchema.safeParse(query);
  if (!parsed.success) throw fromZod(parsed.error);
  const { from, to } = parsed.data;
  const key = `${parsed.data.location ?? ""}|${from}|${to}`;
  const { settings, location, rows } = await cacheFor(db).get(
    key,
    () =>
      withClaims(db, null, async (tx) => {
        const { settings } = await loadCatalog(tx);
        const location = await findLocation(tx, parsed.data.location);
        const rows = await tx<SlotRow[]>`
          select event_date, slot_time, capacity, reserved, available
          from public.slot_availability(${location.id}, ${from}::date, ${to}::date)`;
        return { settings, location, rows: [...rows] };
      }, { readOnly: true }),
  );
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
  return { timezone: location.timezone, dates };
}
