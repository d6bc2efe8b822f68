/**
 * A chef's prep list for one day (SPEC §2 Chefs, §5 GET /api/staff/prep-list):
 * guests, protein servings (base + extra) and add-ons per event and in total.
 * Only events that hold a chef count (pending_deposit, confirmed, completed);
 * cancelled, expired, no-show and pending-cancellation events are left out.
 * Pure: the caller loads the chef's bookings of that date.
 *
 * @module
 */
import { type BookingStatus, holdsChef } from "../booking_status/mod.ts";

/** Servings per menu code. */
export type Counts = Record<string, number>;

/** One booking as the prep list needs it (money never appears here). */
export interface PrepEvent {
  reference: string;
  status: BookingStatus;
  /** "HH:MM" in the location's zone. */
  slotTime: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Counts;
  extraProteins: Counts;
  addons: Counts;
  /** Anything else the chef needs on site (address, notes/allergies, …), passed through. */
  details?: Record<string, unknown>;
}

/** One event of the list. */
export interface PrepListEvent {
  reference: string;
  slotTime: string;
  guests: number;
  adults: number;
  children: number;
  under6: number;
  /** Base and extra servings together. */
  proteins: Counts;
  addons: Counts;
  details?: Record<string, unknown>;
}

/** The day's list (SPEC §5 prep-list shape). */
export interface PrepList {
  date: string;
  chef: string | null;
  guests: number;
  proteins: Counts;
  addons: Counts;
  events: PrepListEvent[];
}

/** Sum servings into `into`; zero, negative and non-integer counts are ignored. */
function addCounts(into: Counts, from: Counts): Counts {
  for (const [code, n] of Object.entries(from ?? {})) {
    if (Number.isInteger(n) && n > 0) into[code] = (into[code] ?? 0) + n;
  }
  return into;
}

/** Same counts, keys in alphabetical order (stable output for print and tests). */
function sorted(c: Counts): Counts {
  return Object.fromEntries(
    Object.entries(c).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** Builds the prep list of `date` for `chef` from that day's bookings. */
export function buildPrepList(
  date: string,
  chef: string | null,
  bookings: readonly PrepEvent[],
): PrepList {
  const events = bookings
    .filter((b) => holdsChef(b.status))
    .map((b): PrepListEvent => {
      const e: PrepListEvent = {
        reference: b.reference,
        slotTime: b.slotTime,
        guests: b.adults + b.children + b.under6,
        adults: b.adults,
        children: b.children,
        under6: b.under6,
        proteins: sorted(addCounts(addCounts({}, b.proteins), b.extraProteins)),
        addons: sorted(addCounts({}, b.addons)),
      };
      if (b.details) e.details = b.details;
      return e;
    })
    .sort((a, b) =>
      a.slotTime < b.slotTime
        ? -1
        : a.slotTime > b.slotTime
        ? 1
        : a.reference < b.reference
        ? -1
        : a.reference > b.reference
        ? 1
        : 0
    );
  const proteins: Counts = {};
  const addons: Counts = {};
  let guests = 0;
  for (const e of events) {
    guests += e.guests;
    addCounts(proteins, e.proteins);
    addCounts(addons, e.addons);
  }
  return {
    date,
    chef,
    guests,
    proteins: sorted(proteins),
    addons: sorted(addons),
    events,
  };
}
