/**
 * `GET /api/availability`: slot capacity and reservations from the database
 * (`public.slot_availability`, which counts what anon may not read), with the
 * booking window applied at `now`.
 *
 * The database rows may be micro-cached per instance by an
 * {@link AvailabilityCache} (`AVAILABILITY_CACHE_MS`, default 1000): many visitors look
 * at the same month, and a view at most a second old is fine because the
 * database, not this view, decides whether a hold or booking fits. Writes made
 * through this instance call {@link SlotsChanged.changed}, so its own
 * customers never see their hold or booking missing (docs/adr/0005).
 *
 * @module
 */
import type { Availability, DateAvailability } from "./types.ts";
import {
  addDays,
  bookingWindowAt,
  slotStartInstant,
} from "../booking_window/mod.ts";
import { TtlCache } from "../cache/ttl.ts";
import { inSpan } from "../observability/tracing.ts";
import {
  type Db,
  type Sql,
  type TransactionSql,
  withClaims,
} from "../db/mod.ts";
import type { PricingSettings } from "../pricing/mod.ts";
import { availabilityQuerySchema } from "../schemas/mod.ts";
import {
  chooseEventLocation,
  findLocation,
  loadCatalog,
  type Location,
  locationNamed,
  resolveLocation,
} from "../bookings/catalog.ts";
import type { PricingSnapshot } from "../pricing/snapshot.ts";
import { fromZod } from "../bookings/errors.ts";

/**
 * `public.slot_availability`'s rows as columns, one array each, in the
 * function's order (date, then the configured slot order): one row to read
 * instead of 4 per date, so postgres.js parses a few integer arrays rather
 * than 124 rows for a month.
 */
interface SlotColumns {
  /** Days after `from` of each row (0, 0, 0, 0, 1, …); null without rows. */
  days: number[] | null;
  /** The slot times of one date (every date has the same ones). */
  times: string[] | null;
  capacity: number[] | null;
  reserved: number[] | null;
  available: number[] | null;
}

interface SlotRows {
  settings: PricingSettings;
  location: Location;
  from: string;
  columns: SlotColumns;
}

/** The answer at one `now`, and until when it holds. */
interface Built {
  availability: Availability;
  /** Epoch ms at which a slot enters or leaves the booking window. */
  validUntil: number;
}

/** The JSON bytes of one cached answer, reused while they hold. */
interface Body {
  bytes: Uint8Array<ArrayBuffer>;
  /** Built at (epoch ms): a clock set back must not reuse it. */
  builtAt: number;
  validUntil: number;
}

/** Told when a write may have moved a slot's reservations. */
export interface SlotsChanged {
  /** Drop whatever was cached about slots. */
  changed(): void;
}

/**
 * The per-instance availability micro-cache (ADR 0005): database rows for
 * `ttlMs`, dropped by {@link AvailabilityCache.changed} after every
 * slot-moving write of this instance. The API's JSON bytes are kept with
 * the rows they were built from, so a hit neither rebuilds nor re-serializes
 * the answer, and a busy key is reloaded before it expires (ADR 0051).
 */
export class AvailabilityCache implements SlotsChanged {
  readonly #cache: TtlCache<SlotRows>;
  // Keyed by the loaded rows: a reload brings new rows and so a new body.
  readonly #bodies = new WeakMap<SlotRows, Body>();
  constructor(ttlMs: number) {
    // Reloaded in the background in the last quarter of its life: a busy month
    // never makes its requests wait for the database at expiry (ADR 0051).
    this.#cache = new TtlCache<SlotRows>(ttlMs, {
      maxEntries: 500,
      refreshAheadMs: ttlMs / 4,
    });
  }
  /** The cached rows of `key`, or `load()`'s. */
  get(key: string, load: () => Promise<SlotRows>): Promise<SlotRows> {
    return this.#cache.get(key, load);
  }
  /** The JSON of `rows` at `now`: the stored bytes while they hold, else `build()`'s. */
  body(rows: SlotRows, now: Date, build: () => Body): Uint8Array<ArrayBuffer> {
    const at = now.getTime();
    const kept = this.#bodies.get(rows);
    if (kept && kept.builtAt <= at && at < kept.validUntil) return kept.bytes;
    const made = build();
    this.#bodies.set(rows, made);
    return made.bytes;
  }
  /** Drops every cached view. */
  changed(): void {
    this.#cache.clear();
  }
}

/** The rows of a validated query: from the cache when there is one. */
async function slotRows(
  db: Db,
  query: unknown,
  now: Date,
  cache: AvailabilityCache | undefined,
  snapshot: PricingSnapshot | null | undefined,
): Promise<SlotRows> {
  const parsed = availabilityQuerySchema.safeParse(query);
  if (!parsed.success) throw fromZod(parsed.error);
  const { from, to } = parsed.data;
  const { zip } = parsed.data;
  const key = `${parsed.data.location ?? ""}|${zip ?? ""}|${from}|${to}`;
  const slots = async (
    sql: Sql | TransactionSql,
    location: Location,
  ): Promise<SlotColumns> => {
    // array_agg reads the function's rows in the order it returns them;
    // toAvailability checks that order through `days`.
    const [columns] = await sql<SlotColumns[]>`
      select array_agg(a.event_date - ${from}::date) as days,
             array_agg(a.slot_time) filter (where a.event_date = ${from}::date) as times,
             array_agg(a.capacity) as capacity,
             array_agg(a.reserved) as reserved,
             array_agg(a.available) as available
      from public.slot_availability(${location.id}::uuid, ${from}::date, ${to}::date) a`;
    return columns;
  };
  // With the instance's current catalog (LISTEN/NOTIFY), settings and the
  // location are known, and the request is the one slot query. It runs as
  // one statement outside withClaims: slot_availability is STABLE SECURITY
  // DEFINER with a fixed search_path (it reads and answers the same whoever
  // calls it, and a STABLE function cannot write), so anon's role, claims and
  // read-only transaction would change nothing but cost three statements
  // more (ADR 0051).
  const load = snapshot
    ? async () => {
      const { settings } = snapshot.catalogOn(undefined, now).catalog;
      const location = zip
        ? chooseEventLocation(
          snapshot.locations,
          parsed.data.location,
          zip,
          settings.maxTravelMiles,
        ).location
        : locationNamed(snapshot.locations, parsed.data.location);
      return {
        settings,
        location,
        from,
        // Outside a transaction, so traced as the one statement it is.
        columns: await inSpan("db.query", {
          "db.system": db.kind === "pglite" ? "pglite" : "postgresql",
          "db.operation.name": "slot_availability",
        }, () => slots(db.sql, location)),
      };
    }
    : () =>
      withClaims(db, null, async (tx) => {
        const { settings } = await loadCatalog(tx);
        const location = zip
          ? (await resolveLocation(
            tx,
            parsed.data.location,
            zip,
            settings.maxTravelMiles,
          )).location
          : await findLocation(tx, parsed.data.location);
        return { settings, location, from, columns: await slots(tx, location) };
      }, { readOnly: true });
  return cache ? await cache.get(key, load) : await load();
}

/** The answer of `rows` at `now`, with the booking window applied. */
function toAvailability(rows: SlotRows, now: Date): Built {
  const { settings, location, from, columns } = rows;
  const { days, times, capacity, reserved, available } = columns;
  const dates: DateAvailability[] = [];
  let validUntil = Infinity;
  const window = bookingWindowAt(now, settings);
  const perDay = times?.length ?? 0;
  let date!: DateAvailability;
  for (let i = 0; i < (days?.length ?? 0); i++) {
    const day = Math.floor(i / perDay);
    if (days![i] !== day) {
      throw new Error("slot_availability rows are not in date order");
    }
    if (i % perDay === 0) {
      date = { date: addDays(from, day), slots: [] };
      dates.push(date);
    }
    const time = times![i % perDay];
    const start = slotStartInstant(date.date, time, location.timezone)
      .getTime();
    validUntil = Math.min(validUntil, window.changeAfter(start));
    date.slots.push({
      time,
      capacity: capacity![i],
      reserved: reserved![i],
      available: window.contains(start) ? available![i] : 0,
    });
  }
  return {
    availability: {
      timezone: location.timezone,
      location: { slug: location.slug, name: location.name },
      dates,
    },
    validUntil,
  };
}

/**
 * Availability of every slot from `from` to `to` (at most 62 dates) at a
 * location. `available` is 0 for slots outside the 48 h … 365 d window at
 * `now`; capacity and reserved are always the real counts.
 *
 * @param query `{from, to, location?}` as strings (e.g. URL search params).
 * @param snapshot the instance's current catalog: settings and location
 *   come from memory and the database answers only the slot query.
 * @throws {BookingError} 422 `VALIDATION_FAILED`.
 */
export async function availability(
  db: Db,
  query: unknown,
  now: Date,
  cache?: AvailabilityCache,
  snapshot?: PricingSnapshot | null,
): Promise<Availability> {
  const rows = await slotRows(db, query, now, cache, snapshot);
  return toAvailability(rows, now).availability;
}

const encoder = new TextEncoder();

/**
 * {@link availability} as the API's JSON bytes. With a cache, a hit reuses
 * the bytes built from the same rows until a slot crosses the booking window
 * (ADR 0051).
 */
export async function availabilityJson(
  db: Db,
  query: unknown,
  now: Date,
  cache?: AvailabilityCache,
  snapshot?: PricingSnapshot | null,
): Promise<Uint8Array<ArrayBuffer>> {
  const rows = await slotRows(db, query, now, cache, snapshot);
  const build = (): Body => {
    const { availability, validUntil } = toAvailability(rows, now);
    return {
      bytes: encoder.encode(JSON.stringify(availability)),
      builtAt: now.getTime(),
      validUntil,
    };
  };
  return cache ? cache.body(rows, now, build) : build().bytes;
}
