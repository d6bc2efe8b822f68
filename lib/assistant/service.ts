/**
 * The assistant on the database: its tools call the same services as the
 * HTTP API (`POST /api/quote` → {@link quote}, `GET /api/availability` →
 * {@link availability}), the FAQ search runs over the FAQ at the current
 * prices, and the handoff is handed in by the Edge Function (it writes the
 * conversation and the inbox message). {@link assistantEngine} is the
 * `engine` port of `supabase/functions/_shared/assistant.ts` (ADR 0025).
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import type { AvailabilityCache } from "../availability/service.ts";
import { availability } from "../availability/service.ts";
import type { Availability } from "../availability/mod.ts";
import { BookingError } from "../bookings/errors.ts";
import {
  type Catalog,
  DEFAULT_LOCATION_SLUG,
  loadCatalog,
} from "../bookings/catalog.ts";
import { addDays, daysBetween } from "../booking_window/dates.ts";
import { travelMiles, zipInfo } from "../geo/mod.ts";
import { quote } from "../pricing/service.ts";
import { viewBooking } from "../bookings/manage.ts";
import { MAX_AVAILABILITY_DAYS } from "../schemas/availability.ts";
import { buildFaq } from "../site/faq.ts";
import {
  availabilityAnswer,
  type LocationAvailability,
} from "./alternatives.ts";
import { bookingLink } from "./booking_link.ts";
import { createAssistant } from "./engine.ts";
import { createFaqSearch, type FaqSearch } from "./faq_search.ts";
import type { Planner } from "./planner.ts";
import type {
  AssistantReply,
  AssistantTools,
  AvailabilityArgs,
  AvailabilityResult,
  BookingLookupResult,
  ChatMessage,
  HandoffArgs,
  LocationRef,
  QuoteResult,
  ServiceAreaResult,
} from "./types.ts";

/** An active base location. */
interface BaseLocation extends LocationRef {
  zip: string;
  timezone: string;
}

/** What one turn reads first: the catalog and the active locations. */
export interface AssistantContext {
  catalog: Catalog;
  locations: BaseLocation[];
  /** The default location's time zone (plain-English dates are read in it). */
  timeZone: string;
}

/** Loads the catalog and the active locations in one read-only transaction (as anon). */
export async function loadAssistantContext(db: Db): Promise<AssistantContext> {
  return await withClaims(db, null, async (tx) => {
    const catalog = await loadCatalog(tx);
    const locations = await tx<BaseLocation[]>`
      select slug, name, zip, timezone from public.locations
      where active order by slug`;
    const fallback = locations.find((l) => l.slug === DEFAULT_LOCATION_SLUG) ??
      locations[0];
    return {
      catalog,
      locations: [...locations],
      timeZone: fallback?.timezone ?? "America/Los_Angeles",
    };
  }, { readOnly: true });
}

const refOf = (l: BaseLocation): LocationRef => ({
  slug: l.slug,
  name: l.name,
});

/** Active locations by travel miles from `zip`, nearest first (unknown ZIP: none). */
export function locationsByDistance(
  locations: readonly BaseLocation[],
  zip: string,
): Array<{ location: BaseLocation; miles: number }> {
  const out: Array<{ location: BaseLocation; miles: number }> = [];
  for (const location of locations) {
    const t = travelMiles(location.zip, zip);
    if (t.ok) out.push({ location, miles: t.miles });
  }
  return out.sort((a, b) =>
    a.miles - b.miles || a.location.slug.localeCompare(b.location.slug)
  );
}

/** Options of {@link databaseTools}. */
export interface DatabaseToolsOptions {
  db: Db;
  now: Date;
  context: AssistantContext;
  /** The availability micro-cache the API uses (ADR 0005). */
  cache?: AvailabilityCache;
  /** Writes the handoff (the Edge Function's storage). */
  handoff(args: HandoffArgs): Promise<{ ticketId: string }>;
}

/** Availability over any range, in API-sized pieces (at most 62 days each). */
async function availabilitySpan(
  opts: DatabaseToolsOptions,
  location: string,
  from: string,
  to: string,
): Promise<Availability> {
  const out: Availability = { timezone: "", dates: [] };
  for (let start = from; daysBetween(start, to) >= 0;) {
    const span = Math.min(daysBetween(start, to), MAX_AVAILABILITY_DAYS - 1);
    const end = addDays(start, span);
    const part = await availability(
      opts.db,
      { from: start, to: end, location },
      opts.now,
      opts.cache,
    );
    out.timezone = part.timezone;
    out.dates.push(...part.dates);
    start = addDays(end, 1);
  }
  return out;
}

/**
 * The assistant's tools on the database. Quotes are priced by the quote
 * service at the location nearest the ZIP (what `POST /api/quote?location=`
 * answers); availability comes from `public.slot_availability` through the
 * availability service, with alternatives a week either side and at the
 * other locations that serve the ZIP.
 */
export function databaseTools(opts: DatabaseToolsOptions): AssistantTools {
  const { locations, catalog } = opts.context;
  const settings = catalog.settings;
  let faq: FaqSearch | null = null;
  const fallback = () =>
    locations.find((l) => l.slug === DEFAULT_LOCATION_SLUG) ?? locations[0];
  return {
    async get_quote(body): Promise<QuoteResult> {
      const nearest = locationsByDistance(locations, body.zip)[0];
      if (!nearest) {
        return {
          ok: false,
          issues: [{
            path: "zip",
            message: `unknown US ZIP code "${body.zip}"`,
          }],
        };
      }
      try {
        const q = await quote(opts.db, body, {
          location: nearest.location.slug,
        });
        return { ok: true, quote: q, location: refOf(nearest.location) };
      } catch (err) {
        if (err instanceof BookingError && err.status === 422) {
          return { ok: false, issues: err.issues ?? [] };
        }
        throw err;
      }
    },
    async check_availability(
      args: AvailabilityArgs,
    ): Promise<AvailabilityResult> {
      const serving = args.zip
        ? locationsByDistance(locations, args.zip)
          .filter((x) => x.miles <= settings.maxTravelMiles)
          .map((x) => x.location)
        : [];
      const chosen = locations.find((l) => l.slug === args.location) ??
        serving[0] ?? fallback();
      const others = serving.filter((l) => l.slug !== chosen.slug);
      const inRange: LocationAvailability = {
        location: refOf(chosen),
        availability: await availabilitySpan(
          opts,
          chosen.slug,
          args.from,
          args.to,
        ),
      };
      const around: LocationAvailability[] = [];
      for (const l of [chosen, ...others]) {
        around.push({
          location: refOf(l),
          availability: await availabilitySpan(
            opts,
            l.slug,
            addDays(args.from, -7),
            addDays(args.to, 7),
          ),
        });
      }
      return availabilityAnswer(args, inRange, around);
    },
    check_service_area({ zip }): Promise<ServiceAreaResult> {
      const info = zipInfo(zip);
      const nearest = locationsByDistance(locations, zip)[0];
      if (!info || !nearest) {
        return Promise.resolve({ zip, known: false, serviceable: false });
      }
      const serviceable = nearest.miles <= settings.maxTravelMiles;
      const out: ServiceAreaResult = {
        zip,
        known: true,
        serviceable,
        travelMiles: nearest.miles,
        location: refOf(nearest.location),
        place: `${info.city}, ${info.state}`,
      };
      if (serviceable) {
        out.travelFeeCents =
          Math.max(0, nearest.miles - settings.freeTravelMiles) *
          settings.travelFeePerMileCents;
      }
      return Promise.resolve(out);
    },
    search_faq({ query, limit }) {
      faq ??= createFaqSearch(buildFaq(settings));
      return Promise.resolve(faq(query, limit));
    },
    start_booking(prefill) {
      return Promise.resolve({ url: bookingLink(prefill) });
    },
    async lookup_booking({ reference, token }): Promise<BookingLookupResult> {
      try {
        const v = await viewBooking(opts.db, reference, token, opts.now);
        return {
          found: true,
          reference: v.reference,
          status: v.status,
          location: { slug: v.location.slug, name: v.location.name },
          date: v.date,
          time: v.time,
          guests: v.party.adults + v.party.children + v.party.under6,
          totalCents: v.totalCents,
          paidCents: v.paidCents,
          balanceDueCents: v.balanceDueCents,
          canReschedule: v.policy.canReschedule,
          canRequestCancellation: v.policy.canRequestCancellation,
          cancellationRefundsDeposit: v.policy.cancellationRefundsDeposit,
        };
      } catch (err) {
        if (err instanceof BookingError && err.status === 404) {
          return { found: false };
        }
        throw err;
      }
    },
    handoff(args) {
      return opts.handoff(args);
    },
  };
}

/** One turn the Edge Function asks of the engine. */
export interface EngineTurn {
  messages: ChatMessage[];
  now: Date;
  handoff(args: HandoffArgs): Promise<{ ticketId: string }>;
}

/** Parts the engine port runs on. */
export interface AssistantEngineParts {
  db: Db;
  availabilityCache?: AvailabilityCache;
  /** Who decides a turn (default: the offline planner; `model_planner.ts` drives a model). */
  planner?: Planner;
}

/**
 * The `engine` port: the offline assistant with {@link databaseTools},
 * reading the current catalog each turn.
 *
 * @throws {AssistantInputError} (422) for a conversation the engine refuses.
 */
export function assistantEngine(
  parts: AssistantEngineParts,
): (turn: EngineTurn) => Promise<
  { reply: string; actions: AssistantReply["actions"]; intent: string }
> {
  const assistant = createAssistant({ planner: parts.planner });
  return async (turn) => {
    const context = await loadAssistantContext(parts.db);
    const tools = databaseTools({
      db: parts.db,
      now: turn.now,
      context,
      cache: parts.availabilityCache,
      handoff: turn.handoff,
    });
    const out = await assistant.reply({
      messages: turn.messages,
      now: turn.now,
      timeZone: context.timeZone,
      tools,
      catalog: {
        settings: context.catalog.settings,
        menu: context.catalog.menu,
      },
    });
    return { reply: out.reply, actions: out.actions, intent: out.meta.intent };
  };
}
