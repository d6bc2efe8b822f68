/**
 * Request bodies, dates and row counts shared by the API tests; the app
 * itself is started with `startApp` (tests/support/app.ts).
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";

/** Seeded Fremont location id (supabase/seed.sql). */
export const FREMONT = "10000000-0000-4000-8000-000000000001";

/** A JSON POST init. */
export function postJson(
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

// Dates: tests/support/clock.ts (a fixed clock and Los Angeles calendar
// dates), never the wall clock or UTC date slices.

/** A valid quote body: 10 adults (minimum spend exactly), two proteins each, Fremont ZIP. */
export function quoteBody(
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    adults: 10,
    children: 0,
    proteins: { chicken: 10, steak: 10 },
    zip: "94538",
    ...over,
  };
}

/** A valid booking body for `date`/`time`; `over` wins. */
export function bookingBody(
  date: string,
  time: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...quoteBody(),
    date,
    time,
    customer: {
      name: "Pat Customer",
      email: "pat@example.com",
      phone: "+1 510 555 0100",
    },
    address: { line1: "1 Main St", city: "Fremont", state: "CA", zip: "94538" },
    paymentMethod: "zelle",
    ...over,
  };
}

/** Rows in the tables a booking request may write. */
export async function writeCounts(db: Db): Promise<Record<string, number>> {
  const [r] = await db.sql<Record<string, number>[]>`select
    (select count(*)::int from public.bookings) as bookings,
    (select count(*)::int from public.holds) as holds,
    (select count(*)::int from public.customers) as customers,
    (select count(*)::int from public.booking_events) as booking_events,
    (select count(*)::int from public.audit_log) as audit_log`;
  return { ...r };
}
