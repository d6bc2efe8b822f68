/**
 * `GET /api/availability`: slot capacity and reservations from the database
 * (`public.slot_availability`, which counts what anon may not read), with the
 * booking window applied at `now`. With the instance's catalog snapshot, the
 * capacities come from its plan and a request reads only the reservations,
 * batched per range (ADR 0056); the answer is written in ./answer.ts.
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
import type { Availability } from "./types.ts";
import {
  type ReservedColumns,
  type SlotColumns,
  type SlotRows,
  toAvailability,
  toAvailabilityJson,
  withReservations,
} from "./answer.ts";
import {
  type AnswerText,
  type CapacityPlan,
  keptAnswer,
  type SlotCalendar,
  slotCalendar,
} from "./capacity.ts";
import { TtlCache } from "../cache/ttl.ts";
import { ReadBatch } from "../cache/batch.ts";
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

/** Told when a write may have moved a slot's reservations. */
export interface SlotsChanged {
  /** Drop whatever was cached about slots. */
  changed(): void;
}

/**
 * The per-instance availability state. The micro-cache (ADR 0005): database
 * rows for `ttlMs`, dropped by {@link AvailabilityCache.changed} after every
 * slot-moving write of this instance. The API's JSON text is kept with
 * the rows they were built from, so a hit neither rebuilds nor re-serializes
 * the answer, and a busy key is reloaded before it expires (ADR 0051). And,
 * with the micro-cache off too, batched reservation reads (ADR 0056).
 */
export class AvailabilityCache implements SlotsChanged {
  readonly #cache: TtlCache<SlotRows>;
  // Keyed by the loaded rows: a reload brings new rows and so a new body.
  readonly #bodies = new WeakMap<SlotRows, AnswerText>();
  readonly #reservations = new ReadBatch<ReservedColumns>();
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
  /** The JSON of `rows` at `now`: the stored text while it holds, else `build()`'s. */
  body(rows: SlotRows, now: Date, build: () => AnswerText): string {
    return keptAnswer(this.#bodies, rows, now.getTime(), build);
  }
  /**
   * The reservations of a range, read once for every request of that range
   * that arrives before the read starts (ADR 0056): never an answer read
   * before the request arrived, so the micro-cache off stays uncached.
   */
  reservations(
    key: string,
    read: () => Promise<ReservedColumns>,
  ): Promise<ReservedColumns> {
    return this.#reservations.read(key, read);
  }
  /** Drops every cached view. */
  changed(): void {
    this.#cache.clear();
  }
}

/**
 * The reserved units of the range's slots that have any, as the owner:
 * `app.slot_reservations_in` is plain SQL the planner inlines (ADR 0056),
 * the definition behind `public.slot_reservations`, which anon may call for
 * the same counts. The range was validated (at most 62 days).
 */
async function reservations(
  sql: Sql,
  location: Location,
  from: string,
  to: string,
): Promise<ReservedColumns> {
  const [columns] = await sql<ReservedColumns[]>`
    select array_agg(r.event_date - ${from}::date) as days,
           array_agg(r.slot_time) as times,
           array_agg(r.reserved) as reserved
    from app.slot_reservations_in(${location.id}::uuid, ${from}::date, ${to}::date) r`;
  return columns;
}

/**
 * The rows of a range inside the plan's horizon: its `capacity` per date
 * from the plan and the reservations just read.
 */
function planRows(
  plan: CapacityPlan,
  capacity: readonly number[],
  settings: PricingSettings,
  location: Location,
  from: string,
  reserved: ReservedColumns,
): SlotRows {
  let columns: SlotColumns | undefined;
  return {
    settings,
    location,
    // Only built when an answer is: a request whose answer the plan keeps
    // needs neither these arrays nor the calendar.
    get columns() {
      return columns ??= withReservations(capacity, plan.slotTimes, reserved);
    },
    get calendar() {
      return plan.calendar(from, capacity.length, location.timezone);
    },
    plan: {
      answers: plan,
      key:
        `${location.id}|${from}|${capacity.length}|${settings.minLeadHours}|${settings.maxLeadDays}|${reserved.days}|${reserved.times}|${reserved.reserved}`,
    },
  };
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
  const rowsOf = (
    settings: PricingSettings,
    location: Location,
    columns: SlotColumns,
    calendar?: SlotCalendar,
  ): SlotRows => ({
    settings,
    location,
    columns,
    calendar: calendar ??
      slotCalendar(
        from,
        columns.times?.length
          ? (columns.days?.length ?? 0) / columns.times.length
          : 0,
        columns.times ?? [],
        location.timezone,
      ),
  });
  // With the instance's current catalog (LISTEN/NOTIFY), settings, the
  // location and the capacities of the months ahead are known (ADR 0056),
  // and the request is the one reservations query. It runs as one
  // statement outside withClaims: it answers counts anon may read anyway
  // (public.slot_reservations), like slot_availability, the fallback outside
  // the snapshot's horizon (STABLE SECURITY DEFINER with a fixed
  // search_path), so anon's role, claims and read-only transaction would
  // change nothing but cost three statements more (ADR 0051).
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
      const plan = snapshot.capacity;
      const capacity = plan?.days(location.id, from, to);
      const system = db.kind === "pglite" ? "pglite" : "postgresql";
      if (plan && capacity) {
        // Outside a transaction, so traced as the one statement it is.
        const read = () =>
          inSpan("db.query", {
            "db.system": system,
            "db.operation.name": "slot_reservations",
          }, () => reservations(db.sql, location, from, to));
        const reserved = await (cache
          ? cache.reservations(`${location.id}|${from}|${to}`, read)
          : read());
        return planRows(plan, capacity, settings, location, from, reserved);
      }
      return rowsOf(
        settings,
        location,
        await inSpan("db.query", {
          "db.system": system,
          "db.operation.name": "slot_availability",
        }, () => slots(db.sql, location)),
      );
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
        return rowsOf(settings, location, await slots(tx, location));
      }, { readOnly: true });
  return cache ? await cache.get(key, load) : await load();
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

/**
 * {@link availability} as the API's JSON text. With a cache, a hit reuses
 * the text built from the same rows until a slot crosses the booking window
 * (ADR 0051).
 */
export async function availabilityJson(
  db: Db,
  query: unknown,
  now: Date,
  cache?: AvailabilityCache,
  snapshot?: PricingSnapshot | null,
): Promise<string> {
  const rows = await slotRows(db, query, now, cache, snapshot);
  const build = (): AnswerText => {
    const { json, validUntil } = toAvailabilityJson(rows, now);
    return { json, builtAt: now.getTime(), validUntil };
  };
  if (rows.plan) {
    return rows.plan.answers.answer(rows.plan.key, now.getTime(), build);
  }
  if (cache) return cache.body(rows, now, build);
  return build().json;
}
