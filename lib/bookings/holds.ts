/**
 * `POST /api/holds`: keep one unit of a slot for the customer's checkout;
 * `DELETE /api/holds/{id}` (and the wizard's "pick another slot"): release it
 * early, so the unit is free for others at once instead of after the hold's
 * 15 minutes.
 *
 * @module
 */
import { type Db, withClaims } from "../db/mod.ts";
import { holdBodySchema } from "../schemas/mod.ts";
import {
  findLocation,
  loadCatalog,
  requestedDate,
  schemaRules,
} from "./catalog.ts";
import {
  BookingError,
  constraintOf,
  fromZod,
  pendingLimitOf,
  requireWithinWindow,
  slotFull,
} from "./errors.ts";
import type { SlotsChanged } from "../availability/service.ts";
import { type RequestClient, UNKNOWN_CLIENT } from "./client.ts";

/** Where created holds are counted (the analytics funnel; no I/O). */
export interface HoldCounter {
  hold(locationSlug: string): void;
}

/** A created hold, as `POST /api/holds` answers it. */
export interface HoldCreated {
  holdId: string;
  /** ISO 8601 instant the hold stops reserving its slot. */
  expiresAt: string;
}

/**
 * Holds one unit of `{date, time, location?}` for `hold_minutes` (15), for
 * `client` (at most `max_holds_per_client` unexpired holds each, counted by
 * the database). Each created hold is told to `counter` (the funnel).
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` / `OUTSIDE_BOOKING_WINDOW`,
 *   409 `SLOT_FULL`, 429 `TOO_MANY_PENDING`.
 */
export async function createHold(
  db: Db,
  body: unknown,
  now: Date,
  slots?: SlotsChanged,
  client: RequestClient = UNKNOWN_CLIENT,
  counter?: HoldCounter,
): Promise<HoldCreated> {
  try {
    let slug = "";
    const created = await withClaims(db, null, async (tx) => {
      const catalog = await loadCatalog(tx, requestedDate(body));
      const parsed = holdBodySchema(schemaRules(catalog)).safeParse(body);
      if (!parsed.success) throw fromZod(parsed.error);
      const { date, time } = parsed.data;
      const location = await findLocation(tx, parsed.data.location);
      requireWithinWindow(date, time, location.timezone, now, catalog.settings);
      const [hold] = await tx<{ id: string; expires_at: Date }[]>`
        select id, expires_at from app.create_customer_hold(
          ${location.id}, ${date}::date, ${time}, ${client.hash}, ${client.limits})`;
      slug = location.slug;
      return { holdId: hold.id, expiresAt: hold.expires_at.toISOString() };
    });
    slots?.changed();
    counter?.hold(slug);
    return created;
  } catch (err) {
    if (err instanceof BookingError) throw err;
    if (constraintOf(err) === "slot_capacity") throw slotFull();
    throw pendingLimitOf(err) ?? err;
  }
}

/** Releases a hold early; true when an active hold was released. */
export async function releaseHold(
  db: Db,
  holdId: string,
  slots?: SlotsChanged,
): Promise<boolean> {
  return await releaseHoldById(db, holdId, slots) === "released";
}

/**
 * `released`: the hold was active and no longer reserves its slot;
 * `inactive`: the hold exists but had already expired, been released or
 * become a booking (nothing changes); `unknown`: no such hold (or not a UUID).
 */
export type HoldReleaseOutcome = "released" | "inactive" | "unknown";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Releases hold `holdId` as an anonymous visitor via `app.release_hold_status`. */
export async function releaseHoldById(
  db: Db,
  holdId: string,
  slots?: SlotsChanged,
): Promise<HoldReleaseOutcome> {
  // A malformed id is answered like an unknown one, without a database trip.
  if (!UUID.test(holdId)) return "unknown";
  const outcome = await withClaims(db, null, async (tx) => {
    const [row] = await tx<{ status: "released" | "inactive" | null }[]>`
      select app.release_hold_status(${holdId}::uuid) as status`;
    return row.status ?? "unknown";
  });
  if (outcome === "released") slots?.changed();
  return outcome;
}
