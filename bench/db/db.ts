/**
 * bench/db, in-process against the seeded PostgreSQL database (lib/bookings,
 * the code the API runs):
 * - availability for 62 dates (public.slot_availability through
 *   lib/bookings `availability`), sequential calls, p50/p99, against 1 date
 *   as the same-run baseline;
 * - booking inserts under contention: 200 concurrent `createBooking` attempts
 *   per slot on Fremont Fridays (capacity 3) — throughput and how many
 *   succeed — against 200 concurrent bookings spread over 200 free slots.
 *   SPEC §6: exactly 3 of 200 succeed.
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import {
  availability,
  BookingError,
  createBooking,
} from "../../lib/bookings/mod.ts";
import type { BenchRow } from "../lib/result.ts";
import { round, summarize } from "../lib/stats.ts";

const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Sequential calls for `seconds`; latency samples in ms. */
async function timeCalls(
  seconds: number,
  call: () => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Dates `n` ≥ `fromDays` days ahead that fall on ISO weekday `isoDow`. */
function weekdays(isoDow: number, fromDays: number, n: number): string[] {
  const out: string[] = [];
  for (let t = Date.now() + fromDays * DAY; out.length < n; t += DAY) {
    if (((new Date(t).getUTCDay() + 6) % 7) + 1 === isoDow) out.push(iso(t));
  }
  return out;
}

function body(date: string, time: string, i: number): Record<string, unknown> {
  return {
    adults: 10,
    children: 0,
    proteins: { chicken: 10, steak: 10 },
    zip: "94538",
    date,
    time,
    customer: {
      name: "Bench Customer",
      email: `bench${i}@example.com`,
      phone: "+1 510 555 0100",
    },
    address: { line1: "1 Main St", city: "Fremont", state: "CA", zip: "94538" },
    paymentMethod: "zelle",
  };
}

/** Fires all attempts at once; counts successes, SLOT_FULL and other errors. */
async function burst(db: Db, bodies: Record<string, unknown>[]) {
  const now = new Date();
  const t0 = performance.now();
  const results = await Promise.allSettled(
    bodies.map((b) =>
      // A load test, as with RATE_LIMITS=off: every attempt shares a phone
      // number, which the unpaid-booking limit (ADR 0015) would stop at 3.
      createBooking(db, b, {
        now,
        baseUrl: "http://bench.test",
        client: { hash: null, limits: false },
      })
    ),
  );
  const ms = performance.now() - t0;
  let ok = 0;
  let full = 0;
  const other: string[] = [];
  for (const r of results) {
    if (r.status === "fulfilled") ok++;
    else if (
      r.reason instanceof BookingError && r.reason.code === "SLOT_FULL"
    ) full++;
    else other.push(String(r.reason).slice(0, 120));
  }
  return { ms, ok, full, other };
}

/**
 * Throws unless Fremont's `time` slot on each of `dates` has `capacity` and
 * nothing reserved: the race's verdict (exactly `capacity` succeed) means
 * nothing on a slot someone else has booked.
 */
async function assertEmptySlots(
  db: Db,
  dates: readonly string[],
  time: string,
  capacity: number,
): Promise<void> {
  const rows = await db.sql<
    { event_date: string; capacity: number; reserved: number }[]
  >`
    select s.event_date::text, s.capacity, s.reserved
    from public.locations l,
      public.slot_availability(l.id, ${dates[0]}::date,
        ${dates[dates.length - 1]}::date) s
    where l.slug = 'fremont' and s.slot_time = ${time}
      and s.event_date = any(${dates as string[]}::date[])`;
  const wrong = dates.filter((d) => {
    const slot = rows.find((r) => r.event_date === d);
    return !slot || slot.capacity !== capacity || slot.reserved !== 0;
  });
  if (wrong.length > 0) {
    throw new Error(
      `bench/db needs empty capacity-${capacity} Fremont ${time} slots; not so on ${
        wrong.join(", ")
      } (run it on a freshly seeded database)`,
    );
  }
}

/** Runs the database cases on `db` (a seeded database no one else writes). */
export async function benchDb(db: Db, seconds: number): Promise<BenchRow[]> {
  const from = Date.now() + 21 * DAY;
  const q62 = { from: iso(from), to: iso(from + 61 * DAY) };
  const q1 = { from: iso(from), to: iso(from) };
  const one = await availability(db, q62, new Date());
  if (one.dates.length !== 62) {
    throw new Error("availability did not return 62 dates");
  }
  // The database path itself: no per-instance micro-cache (ADR 0005), or
  // this would time a map lookup.
  const uncached = (q: typeof q1) => () => availability(db, q, new Date());
  await timeCalls(1, uncached(q62));
  const base = summarize(await timeCalls(seconds / 2, uncached(q1)));
  const d62 = summarize(await timeCalls(seconds / 2, uncached(q62)));

  // Contention: 200 attempts at each of 5 Fremont Friday 18:00 slots.
  const fridays = weekdays(5, 200, 5);
  await assertEmptySlots(db, fridays, "18:00", 3);
  let attempts = 0;
  let contendedMs = 0;
  const winners: number[] = [];
  const errors: string[] = [];
  for (const [k, date] of fridays.entries()) {
    const r = await burst(
      db,
      Array.from({ length: 200 }, (_, i) => body(date, "18:00", k * 1000 + i)),
    );
    attempts += 200;
    contendedMs += r.ms;
    winners.push(r.ok);
    errors.push(...r.other);
  }
  // Baseline: 200 concurrent bookings, each in its own free slot (Fremont
  // weekends 30–205 days ahead, clear of the contended Fridays).
  const weekendDays = [
    ...weekdays(6, 30, 25),
    ...weekdays(7, 30, 25),
  ];
  const spread = weekendDays.flatMap((d) =>
    ["12:00", "15:00", "18:00", "21:00"].map((t) => [d, t])
  );
  const free = await burst(
    db,
    spread.map(([d, t], i) => body(d, t, 90_000 + i)),
  );
  const freeErrors = free.other;

  return [
    {
      bench: "db",
      case: "baseline: availability, 1 date (sequential, uncached)",
      result: `${base.n} calls, p50 ${round(base.p50)} ms, p99 ${
        round(base.p99)
      } ms`,
      target: "",
      ok: null,
    },
    {
      bench: "db",
      case: "availability, 62 dates (sequential, uncached)",
      result: `${d62.n} calls, p50 ${round(d62.p50)} ms, p99 ${
        round(d62.p99)
      } ms`,
      target: "",
      ok: null,
    },
    {
      bench: "db",
      case: "baseline: 200 concurrent bookings in 200 free slots",
      result: `${free.ok}/200 booked in ${Math.round(free.ms)} ms = ${
        Math.round((200 * 1000) / free.ms)
      } bookings/s${freeErrors.length ? `; errors: ${freeErrors[0]}` : ""}`,
      target: "all 200 succeed",
      ok: free.ok === 200,
    },
    {
      bench: "db",
      case: "200 concurrent attempts per capacity-3 slot (×5 slots)",
      result: `successes per slot ${winners.join(", ")}; ${
        Math.round((attempts * 1000) / contendedMs)
      } attempts/s${
        errors.length ? `; other errors: ${errors.length} (${errors[0]})` : ""
      }`,
      target: "exactly 3 succeed",
      ok: winners.every((n) => n === 3) && errors.length === 0,
    },
  ];
}
