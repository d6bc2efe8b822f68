/**
 * `GET /api/availability`: slot capacity and reservations from the database
 * (`public.slot_availability`, which counts what anon may not read), with the
 * booking window applied at `now`.
 *
 * @module
 */
import type { Availability, DateAvailability } from "../availability/mod.ts";
import {
  isWithinBookingWindow,
  slotStartInstant,
} from "../booking_window/mod.ts";
import { type Db, withClaims } from "../db/mod.ts";
import { availabilityQuerySchema } from "../schemas/mod.ts";
import { findLocation, loadCatalog } from "./catalog.ts";
import { fromZod } from "./errors.ts";

interface SlotRow {
  event_date: string;
  slot_time: string;
  capacity: number;
  reserved: number;
  available: number;
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
  return await withClaims(db, null, async (tx) => {
    const { settings } = await loadCatalog(tx);
    const location = await findLocation(tx, parsed.data.location);
    const rows = await tx<SlotRow[]>`
      select event_date, slot_time, capacity, reserved, available
      from public.slot_availability(${location.id}, ${from}::date, ${to}::date)`;
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
  }, { readOnly: true });
}
