/**
 * A deterministic in-memory implementation of the assistant's tools for tests
 * and the evaluation: quotes from lib/pricing with the seed defaults, travel
 * from lib/geo, availability from ./availability_fake.ts (the SQL's rules) over a
 * fixed chef roster and bookings, FAQ search over lib/site/faq. The HTTP and
 * database wiring replaces this later.
 */
import type { Availability } from "../../lib/availability/mod.ts";
import {
  type ChefSchedule,
  computeAvailability,
  type SlotBooking,
  type TimeOffRange,
} from "./availability_fake.ts";
import { addDays } from "../../lib/booking_window/dates.ts";
import { travelMiles, zipInfo } from "../../lib/geo/mod.ts";
import {
  computeQuote,
  DEFAULT_MENU,
  DEFAULT_PRICING,
  type Quote,
} from "../../lib/pricing/mod.ts";
import { quoteBodySchema } from "../../lib/schemas/quote.ts";
import { buildFaq } from "../../lib/site/faq.ts";
import {
  type AssistantTools,
  availabilityAnswer,
  type AvailabilityArgs,
  type AvailabilityResult,
  bookingLink,
  type BookingLookupResult,
  createFaqSearch,
  type HandoffArgs,
  type LocationAvailability,
  type LocationRef,
  type QuoteResult,
  type ServiceAreaResult,
  type ToolName,
} from "../../lib/assistant/mod.ts";

/** The fixed "now" of every test: Wednesday 2026-05-06, 10:00 in Los Angeles. */
export const NOW = new Date("2026-05-06T17:00:00Z");
export const TZ = "America/Los_Angeles";

/** The seed's two base locations. */
export interface FixtureLocation extends LocationRef {
  zip: string;
  chefs: ChefSchedule[];
  timeOff: TimeOffRange[];
  blackoutDates: string[];
  bookings: SlotBooking[];
}

function fill(date: string, time: string, n: number): SlotBooking[] {
  return Array.from({ length: n }, () => ({
    date,
    time,
    status: "confirmed" as const,
  }));
}

export const LOCATIONS: readonly FixtureLocation[] = [
  {
    slug: "fremont",
    name: "Fremont",
    zip: "94539",
    chefs: [
      { id: "a", weekdays: [3, 4, 5, 6, 7], active: true },
      { id: "b", weekdays: [5, 6, 7], active: true },
      { id: "c", weekdays: [1, 2, 6], active: true },
    ],
    timeOff: [{ chefId: "c", startsOn: "2026-06-01", endsOn: "2026-06-07" }],
    blackoutDates: ["2026-12-24", "2026-12-25"],
    bookings: [
      // Saturday May 9: every slot taken.
      ...["12:00", "15:00", "18:00", "21:00"].flatMap((t) =>
        fill("2026-05-09", t, 3)
      ),
      // Saturday May 16: lunch and dinner taken, 3 pm and 9 pm open.
      ...fill("2026-05-16", "12:00", 3),
      ...fill("2026-05-16", "18:00", 3),
      ...fill("2026-05-16", "15:00", 2),
      // Saturday December 12: evenings taken.
      ...fill("2026-12-12", "18:00", 3),
      ...fill("2026-12-12", "21:00", 3),
      // Friday May 22: the evening taken (two chefs work Fridays).
      ...fill("2026-05-22", "18:00", 2),
      // A cancelled booking never holds a slot.
      { date: "2026-05-23", time: "18:00", status: "cancelled" },
    ],
  },
  {
    slug: "sacramento",
    name: "Sacramento",
    zip: "95814",
    chefs: [
      { id: "d", weekdays: [4, 5, 6, 7], active: true },
      { id: "e", weekdays: [6, 7], active: true },
    ],
    timeOff: [],
    blackoutDates: ["2026-12-25"],
    bookings: [...fill("2026-05-09", "18:00", 2)],
  },
];

const ref = (l: FixtureLocation): LocationRef => ({
  slug: l.slug,
  name: l.name,
});

/** Locations by travel miles from `zip`, nearest first (unknown ZIP: none). */
export function locationsByDistance(
  zip: string,
): Array<{ location: FixtureLocation; miles: number }> {
  const out: Array<{ location: FixtureLocation; miles: number }> = [];
  for (const location of LOCATIONS) {
    const t = travelMiles(location.zip, zip);
    if (t.ok) out.push({ location, miles: t.miles });
  }
  return out.sort((a, b) => a.miles - b.miles);
}

/** The API's quote for a body (nearest location's travel), as `POST /api/quote` would answer. */
export function apiQuote(body: unknown): QuoteResult {
  const parsed = quoteBodySchema().safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: i.path.join("."),
        message: i.message,
      })),
    };
  }
  const nearest = locationsByDistance(parsed.data.zip)[0];
  if (!nearest) {
    return {
      ok: false,
      issues: [{
        path: "zip",
        message: `unknown US ZIP code "${parsed.data.zip}"`,
      }],
    };
  }
  const quote: Quote = computeQuote(
    parsed.data,
    DEFAULT_PRICING,
    DEFAULT_MENU,
    { miles: nearest.miles },
  );
  return { ok: true, quote, location: ref(nearest.location) };
}

function availabilityAt(
  l: FixtureLocation,
  from: string,
  to: string,
): Availability {
  return computeAvailability({
    from,
    to,
    timezone: TZ,
    slotTimes: DEFAULT_PRICING.slotTimes,
    chefs: l.chefs,
    timeOff: l.timeOff,
    blackoutDates: l.blackoutDates,
    bookings: l.bookings,
    holds: [],
    now: NOW,
    settings: DEFAULT_PRICING,
  });
}

/** The availability answer for `args`, as the tool gives it. */
export function apiAvailability(args: AvailabilityArgs): AvailabilityResult {
  const serving = args.zip
    ? locationsByDistance(args.zip).filter((x) =>
      x.miles <= DEFAULT_PRICING.maxTravelMiles
    ).map((x) => x.location)
    : [];
  const chosen = LOCATIONS.find((l) => l.slug === args.location) ??
    serving[0] ?? LOCATIONS[0];
  const others = serving.filter((l) => l !== chosen);
  const inRange: LocationAvailability = {
    location: ref(chosen),
    availability: availabilityAt(chosen, args.from, args.to),
  };
  const around = [chosen, ...others].map((l) => ({
    location: ref(l),
    availability: availabilityAt(
      l,
      addDays(args.from, -7) < addDays(args.from, 0)
        ? addDays(args.from, -7)
        : args.from,
      addDays(args.to, 7),
    ),
  }));
  return availabilityAnswer(args, inRange, around);
}

/** The service-area answer for a ZIP. */
export function apiServiceArea(zip: string): ServiceAreaResult {
  const info = zipInfo(zip);
  const nearest = locationsByDistance(zip)[0];
  if (!info || !nearest) return { zip, known: false, serviceable: false };
  const serviceable = nearest.miles <= DEFAULT_PRICING.maxTravelMiles;
  const out: ServiceAreaResult = {
    zip,
    known: true,
    serviceable,
    travelMiles: nearest.miles,
    location: ref(nearest.location),
    place: `${info.city}, ${info.state}`,
  };
  if (serviceable) {
    out.travelFeeCents = Math.max(
      0,
      nearest.miles - DEFAULT_PRICING.freeTravelMiles,
    ) * DEFAULT_PRICING.travelFeePerMileCents;
  }
  return out;
}

/** The FAQ the search covers (the site's FAQ at the seed prices). */
export const FAQ_ENTRIES = buildFaq(DEFAULT_PRICING);
export const faqSearch = createFaqSearch(FAQ_ENTRIES);

/** The one booking the fixture knows: its manage link's reference and token. */
export const FIXTURE_BOOKING = {
  reference: "MH-FX7K2Q",
  token: "fixture-manage-token-0123456789",
} as const;

/** The manage page's view of the fixture booking, summarised; wrong token: not found. */
export function apiBookingLookup(
  reference: string,
  token: string,
): BookingLookupResult {
  if (
    reference !== FIXTURE_BOOKING.reference || token !== FIXTURE_BOOKING.token
  ) {
    return { found: false };
  }
  return {
    found: true,
    reference,
    status: "confirmed",
    location: { slug: "fremont", name: "Fremont" },
    date: "2026-06-13",
    time: "18:00",
    guests: 12,
    totalCents: 71445,
    paidCents: 10000,
    balanceDueCents: 61445,
    canReschedule: true,
    canRequestCancellation: true,
    cancellationRefundsDeposit: true,
  };
}

/** A recorded call. */
export interface Recorded {
  name: ToolName;
  args: unknown;
}

/** The in-memory tools, recording every call into `log`. */
export function memoryTools(log: Recorded[] = []): AssistantTools {
  let tickets = 0;
  return {
    get_quote(body) {
      log.push({ name: "get_quote", args: body });
      return Promise.resolve(apiQuote(body));
    },
    check_availability(args) {
      log.push({ name: "check_availability", args });
      return Promise.resolve(apiAvailability(args));
    },
    check_service_area(args) {
      log.push({ name: "check_service_area", args });
      return Promise.resolve(apiServiceArea(args.zip));
    },
    search_faq(args) {
      log.push({ name: "search_faq", args });
      return Promise.resolve(faqSearch(args.query, args.limit));
    },
    start_booking(prefill) {
      log.push({ name: "start_booking", args: prefill });
      return Promise.resolve({ url: bookingLink(prefill) });
    },
    lookup_booking(args) {
      log.push({ name: "lookup_booking", args });
      return Promise.resolve(apiBookingLookup(args.reference, args.token));
    },
    handoff(args: HandoffArgs) {
      log.push({ name: "handoff", args });
      tickets += 1;
      return Promise.resolve({ ticketId: `handoff-${tickets}` });
    },
  };
}
