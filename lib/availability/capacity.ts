/**
 * The capacity half of availability, held in memory (ADR 0056): every
 * active location's capacity per date over a horizon around today, read
 * from `public.day_capacities` (the database's definition) when the catalog
 * snapshot loads, and replaced with it when the database announces a change
 * to chefs, time off, blackouts, slot times or locations (LISTEN
 * `catalog_changed`). A request then reads only the reservation half.
 *
 * @module
 */
import { addDays, slotStartInstant } from "../booking_window/mod.ts";
import type { TransactionSql } from "../db/mod.ts";

/** Days before the database's today the horizon starts: a month view begins on the 1st. */
export const HORIZON_DAYS_BEFORE = 62;
/** Days after the database's today the horizon ends: the 365-day window and a view's last month. */
export const HORIZON_DAYS_AFTER = 430;
const DAY_MS = 86_400_000;
/** Calendars and answers kept per plan: a handful of month views are asked for over and over. */
const MAX_KEPT = 256;

/** The JSON text of one answer, right from `builtAt` until `validUntil` (epoch ms). */
export interface AnswerText {
  json: string;
  builtAt: number;
  validUntil: number;
}

/**
 * The answer kept in `kept` under `key` while it is right at `at` (a clock set
 * back must not reuse it), else `build()`'s, kept in its place.
 */
export function keptAnswer<K>(
  kept: {
    get(key: K): AnswerText | undefined;
    set(key: K, value: AnswerText): unknown;
  },
  key: K,
  at: number,
  build: () => AnswerText,
): string {
  const old = kept.get(key);
  if (old && old.builtAt <= at && at < old.validUntil) return old.json;
  const made = build();
  kept.set(key, made);
  return made.json;
}

/** The dates of a range and the start instant (epoch ms) of each of their slots. */
export interface SlotCalendar {
  /** "YYYY-MM-DD", one per date of the range. */
  dates: readonly string[];
  /** Start of slot `i % times.length` of date `floor(i / times.length)`. */
  starts: readonly number[];
}

/** The calendar of `days` dates from `from` with `times` in `timeZone`. */
export function slotCalendar(
  from: string,
  days: number,
  times: readonly string[],
  timeZone: string,
): SlotCalendar {
  const dates: string[] = [];
  const starts: number[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(from, d);
    dates.push(date);
    for (const time of times) {
      starts.push(slotStartInstant(date, time, timeZone).getTime());
    }
  }
  return { dates, starts };
}

/** Every active location's capacities over the horizon, and the slot times. */
export class CapacityPlan {
  /** `pricing_settings.slot_times`, in order: the slots of every date. */
  readonly slotTimes: readonly string[];
  /** First date of the horizon. */
  readonly from: string;
  /** Capacity per date from {@link from}, per location id. */
  readonly #byLocation: ReadonlyMap<string, readonly number[]>;
  readonly #fromMs: number;
  readonly #calendars = new Map<string, SlotCalendar>();
  readonly #answers = new Map<string, AnswerText>();

  constructor(
    slotTimes: readonly string[],
    from: string,
    byLocation: ReadonlyMap<string, readonly number[]>,
  ) {
    this.slotTimes = slotTimes;
    this.from = from;
    this.#fromMs = Date.parse(from);
    this.#byLocation = byLocation;
  }

  /**
   * The capacity of each date from `from` to `to` at a location, or null
   * when the range leaves the horizon or the location is not in the plan
   * (the caller asks the database instead).
   */
  days(locationId: string, from: string, to: string): readonly number[] | null {
    const all = this.#byLocation.get(locationId);
    if (!all) return null;
    // Validated "YYYY-MM-DD" dates parse as UTC midnights (ECMA-262's
    // date-only form): day numbers without a second validation.
    const start = (Date.parse(from) - this.#fromMs) / DAY_MS;
    const end = (Date.parse(to) - this.#fromMs) / DAY_MS;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
    if (start < 0 || end >= all.length || end < start) return null;
    return all.slice(start, end + 1);
  }

  /** {@link slotCalendar} of the range with the plan's slot times, kept for reuse. */
  calendar(from: string, days: number, timeZone: string): SlotCalendar {
    const key = `${timeZone}|${from}|${days}`;
    let calendar = this.#calendars.get(key);
    if (!calendar) {
      if (this.#calendars.size >= MAX_KEPT) this.#calendars.clear();
      calendar = slotCalendar(from, days, this.slotTimes, timeZone);
      this.#calendars.set(key, calendar);
    }
    return calendar;
  }

  /**
   * The answer built from exactly the inputs `key` names (location, range,
   * booking-window settings and the reservations just read), reused while
   * the booking window leaves it right: many requests read the same
   * reservations, and writing the same JSON again is most of their cost.
   */
  answer(
    key: string,
    at: number,
    build: () => AnswerText,
  ): string {
    if (this.#answers.size >= MAX_KEPT) this.#answers.clear();
    return keptAnswer(this.#answers, key, at, build);
  }
}

/**
 * Reads the plan in the snapshot's transaction: `public.day_capacities` of
 * every active location from {@link HORIZON_DAYS_BEFORE} days before the
 * database's today to {@link HORIZON_DAYS_AFTER} days after it.
 */
export async function loadCapacityPlan(
  tx: TransactionSql,
): Promise<CapacityPlan> {
  const [{ from, slot_times }] = await tx<
    { from: string; slot_times: string[] }[]
  >`
    select (app.business_today() - ${HORIZON_DAYS_BEFORE}::int)::text as from,
           (select ps.slot_times from public.pricing_settings ps where ps.id = 1) as slot_times`;
  const to = addDays(from, HORIZON_DAYS_BEFORE + HORIZON_DAYS_AFTER);
  const rows = await tx<{ id: string; capacity: number[] }[]>`
    select l.id,
           (select array_agg(c.capacity order by c.event_date)
            from public.day_capacities(l.id, ${from}::date, ${to}::date) c) as capacity
    from public.locations l where l.active`;
  return new CapacityPlan(
    slot_times,
    from,
    new Map(rows.map((r) => [r.id, r.capacity])),
  );
}
