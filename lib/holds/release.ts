/**
 * Early release of a hold by its id (`DELETE /api/holds/{id}`), e.g. when
 * the customer picks another slot: the unit is free for others at once
 * instead of after the hold's 15 minutes.
 *
 * @module
 */
import { type Db, withClaims } from "../db/mod.ts";
import type { SlotsChanged } from "../bookings/availability.ts";

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
