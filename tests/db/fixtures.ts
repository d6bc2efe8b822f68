/**
 * Seeded ids and builders shared by the database tests (see supabase/seed.sql).
 *
 * @module
 */
import { addDays } from "../../lib/booking_window/mod.ts";
import { nextWeekday } from "../support/clock.ts";

/** Seeded location ids. */
export const FREMONT = "10000000-0000-4000-8000-000000000001";
/** Seeded location ids. */
export const SACRAMENTO = "10000000-0000-4000-8000-000000000002";

/** Seeded auth user ids of staff. */
export const USERS = {
  admin: "20000000-0000-4000-8000-000000000001",
  manager: "20000000-0000-4000-8000-000000000002",
  chef1: "20000000-0000-4000-8000-000000000011",
  chef5: "20000000-0000-4000-8000-000000000015",
} as const;

/** Seeded chef ids (chef1..chef4 Fremont, chef5..chef6 Sacramento). */
export const CHEFS = {
  chef1: "30000000-0000-4000-8000-000000000001",
  chef2: "30000000-0000-4000-8000-000000000002",
  chef3: "30000000-0000-4000-8000-000000000003",
  chef4: "30000000-0000-4000-8000-000000000004",
  chef5: "30000000-0000-4000-8000-000000000005",
} as const;

/** JWT-like claims of a seeded staff user. */
export function staffClaims(
  user: keyof typeof USERS,
): { sub: string; role: string } {
  return { sub: USERS[user], role: "authenticated" };
}

/** First date (YYYY-MM-DD) on or after `from` falling on ISO weekday `isoDow` (1 = Monday). */
export function nextIsoWeekday(isoDow: number, from = "2027-03-01"): string {
  // Calendar arithmetic on date strings (lib/booking_window), no clock.
  return nextWeekday(isoDow, addDays(from, -1));
}

/** sha256 hex of a manage token, as bookings.manage_token_hash stores it. */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** A valid app.create_booking payload for `date`/`slot` at Fremont; `over` wins. */
export async function bookingPayload(
  date: string,
  slot: string,
  over: Record<string, unknown> = {},
): Promise<{ payload: Record<string, unknown>; token: string }> {
  const token = crypto.randomUUID();
  const payload = {
    location_id: FREMONT,
    event_date: date,
    slot_time: slot,
    adults: 10,
    children: 0,
    under6: 0,
    proteins: { chicken: 10, steak: 10 },
    extra_proteins: {},
    addons: {},
    address_line1: "1 Main St",
    city: "Fremont",
    state: "CA",
    zip: "94539",
    quote: { totalCents: 59544 },
    total_cents: 59544,
    deposit_cents: 10000,
    manage_token_hash: await tokenHash(token),
    deposit_due_at: "2027-01-01T00:00:00Z",
    payment_method: "card",
    customer: {
      email: `c-${token.slice(0, 8)}@example.com`,
      name: "Test Customer",
      phone: "5105550100",
    },
    ...over,
  };
  return { payload, token };
}
