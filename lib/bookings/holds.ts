/**
 * `POST /api/holds`: keep one unit of a slot for the customer's checkout.
 *
 * @module
 */
import { type Db, withClaims } from "../db/mod.ts";
import { holdBodySchema } from "../schemas/mod.ts";
import { findLocation, loadCatalog, schemaRules } from "./catalog.ts";
import { BookingError, constraintOf, fromZod, slotFull } from "./errors.ts";
import { requireWithinWindow } from "./window.ts";
import type { SlotsChanged } from "./availability.ts";

/** A created hold, as `POST /api/holds` answers it. */
export interface HoldCreated {
  holdId: string;
  /** ISO 8601 instant the hold stops reserving its slot. */
  expiresAt: string;
}

/**
 * Holds one unit of `{date, time, location?}` for `hold_minutes` (15).
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` / `OUTSIDE_BOOKING_WINDOW`,
 *   409 `SLOT_FULL`.
 */
export async function createHold(
  db: Db,
  body: unknown,
  now: Date,
  slots?: SlotsChanged,
): Promise<HoldCreated> {
  try {
    const created = await withClaims(db, null, async (tx) => {
      const catalog = await loadCatalog(tx);
      const parsed = holdBodySchema(schemaRules(catalog)).safeParse(body);
      if (!parsed.success) throw fromZod(parsed.error);
      const { date, time } = parsed.data;
      const location = await findLocation(tx, parsed.data.location);
      requireWithinWindow(date, time, location.timezone, now, catalog.settings);
      const [hold] = await tx<{ id: string; expires_at: Date }[]>`
        select id, expires_at from app.create_hold(${location.id}, ${date}::date, ${time})`;
      return { holdId: hold.id, expiresAt: hold.expires_at.toISOString() };
    });
    slots?.changed();
    return created;
  } catch (err) {
    if (err instanceof BookingError) throw err;
    if (constraintOf(err) === "slot_capacity") throw slotFull();
    throw err;
  }
}

/** Releases a hold early; true when an active hold was released. */
export async function releaseHold(
  db: Db,
  holdId: string,
  slots?: SlotsChanged,
): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(holdId)) return false;
  const released = await withClaims(db, null, async (tx) => {
    const [row] = await tx<{ released: boolean }[]>`
      select app.release_hold(${holdId}::uuid) as released`;
    return row.released;
  });
  if (released) slots?.changed();
  return released;
}
