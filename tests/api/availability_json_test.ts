/**
 * Availability from the catalog snapshot's capacity plan plus one
 * reservations query (ADR 0056) must be the answer `public.slot_availability`
 * gives, character for character, and the JSON written directly must be
 * `JSON.stringify` of the answer's objects: for any range in and beyond the
 * plan's horizon, either location, and any `now` around the booking window.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { freshTestDb } from "../support/test_db.ts";
import { withClaims } from "../../lib/db/mod.ts";
import { loadPricingSnapshot } from "../../lib/pricing/snapshot.ts";
import { availability, availabilityJson } from "../../lib/bookings/mod.ts";
import { addDays } from "../../lib/booking_window/mod.ts";

const FREMONT = "10000000-0000-4000-8000-000000000001";

Deno.test({
  name:
    "availability from the capacity plan is slot_availability's answer, and its JSON is JSON.stringify's",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const test = await freshTestDb({ seed: true });
    const { sql } = test.db;
    try {
      const [{ today }] = await sql<{ today: string }[]>`
        select app.business_today()::text as today`;
      const chefs = await sql<{ id: string }[]>`
        select id from public.chefs
        where location_id = ${FREMONT} and active order by id`;
      const day = (n: number) => addDays(today, n);
      // Dates chosen by what is free, not by weekday, so any today works
      // (seeded bookings included): two holds need two free units at 18:00
      // and one at 21:00, the blackout's hold one at 12:00.
      const free = await sql<
        { date: string; time: string; reserved: number; available: number }[]
      >`
        select event_date::text as date, slot_time as time, reserved, available
        from public.slot_availability(${FREMONT}, ${day(8)}::date, ${
        day(40)
      }::date)`;
      const slot = (date: string, time: string) =>
        free.find((f) => f.date === date && f.time === time)!;
      const held = free.find((f) =>
        f.time === "18:00" && f.available >= 2 &&
        slot(f.date, "21:00").available >= 1
      )!.date;
      const shut = free.find((f) =>
        f.date > held && f.time === "12:00" && f.available >= 1
      )!.date;
      const after = (date: string, n: number) =>
        addDays(date, n);
      // Two holds in one slot, one released (expired), one on a date closed
      // afterwards (reserved above capacity); then time off (approved and
      // only requested) on the week after.
      await sql`
        insert into public.holds (location_id, event_date, slot_time, expires_at)
        values (${FREMONT}, ${held}, '18:00', now() + interval '15 minutes'),
               (${FREMONT}, ${held}, '18:00', now() + interval '15 minutes'),
               (${FREMONT}, ${shut}, '12:00', now() + interval '15 minutes'),
               (${FREMONT}, ${held}, '21:00', now() + interval '15 minutes')`;
      // Released early (as app.release_hold does): expired from now on.
      await sql`
        update public.holds set expires_at = now()
        where location_id = ${FREMONT} and event_date = ${held}
          and slot_time = '21:00'`;
      await sql`
        insert into public.blackout_dates (location_id, blackout_date)
        values (${FREMONT}, ${shut})`;
      // Approved for a chef whose absence strands no booking (the guard
      // would refuse it otherwise), requested for another.
      const week = Array.from({ length: 7 }, (_, n) => after(shut, n + 1));
      const [absent] = await sql<{ id: string }[]>`
        select c.id from public.chefs c
        where c.location_id = ${FREMONT} and c.active
          and app.chef_absence_strands(c.id, ${week}::date[], null, current_date) is null
        order by c.id limit 1`;
      const other = chefs.find((c) => c.id !== absent.id)!;
      await sql`
        insert into public.chef_time_off (chef_id, starts_on, ends_on, status)
        values (${absent.id}, ${week[0]}, ${week[6]}, 'approved'),
               (${other.id}, ${week[1]}, ${week[2]}, 'requested')`;
      const { snapshot } = await withClaims(
        test.db,
        null,
        (tx) => loadPricingSnapshot(tx),
        { readOnly: true },
      );
      assert.ok(snapshot.capacity, "the snapshot holds a capacity plan");
      assert.ok(
        snapshot.capacity.days(FREMONT, day(0), day(61)),
        "the next two months are in the plan's horizon",
      );
      const noon = Date.parse(`${today}T20:00:00Z`);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -70, max: 440 }),
          fc.integer({ min: 0, max: 61 }),
          fc.constantFrom(undefined, "fremont", "sacramento"),
          // Minutes from today's noon: both edges of the window move past slots.
          fc.integer({ min: -3 * 1440, max: 400 * 1440 }),
          async (start, span, location, minutes) => {
            const from = day(start);
            const query = {
              from,
              to: addDays(from, span),
              ...(location ? { location } : {}),
            };
            const now = new Date(noon + minutes * 60_000);
            const fromPlan = await availabilityJson(
              test.db,
              query,
              now,
              undefined,
              snapshot,
            );
            const fromFunction = await availabilityJson(
              test.db,
              query,
              now,
              undefined,
              null,
            );
            assert.equal(fromPlan, fromFunction);
            assert.equal(
              fromPlan,
              JSON.stringify(
                await availability(test.db, query, now, undefined, snapshot),
              ),
            );
          },
        ),
        { numRuns: 80 },
      );
      // The cases the plan must get right, whatever the generator chose.
      const read = async (date: string) =>
        JSON.parse(
          await availabilityJson(
            test.db,
            { from: date, to: date, location: "fremont" },
            new Date(noon),
            undefined,
            snapshot,
          ),
        ).dates[0].slots as {
          time: string;
          capacity: number;
          reserved: number;
          available: number;
        }[];
      const [away, closed] = await Promise.all([held, shut].map(read));
      const evening = (slots: typeof away) =>
        slots.find((s) => s.time === "18:00")!;
      const [{ chefsThatDay }] = await sql<{ chefsThatDay: number }[]>`
        select capacity as "chefsThatDay"
        from public.day_capacities(${FREMONT}, ${held}::date, ${held}::date)`;
      assert.equal(evening(away).capacity, chefsThatDay);
      assert.equal(
        evening(away).reserved,
        slot(held, "18:00").reserved + 2,
        "two live holds",
      );
      assert.equal(
        away.find((s) => s.time === "21:00")!.reserved,
        slot(held, "21:00").reserved,
        "an expired hold reserves nothing",
      );
      assert.deepEqual(
        closed.map((s) => [s.capacity, s.available]),
        [[0, 0], [0, 0], [0, 0], [0, 0]],
      );
      assert.equal(
        closed[0].reserved,
        slot(shut, "12:00").reserved + 1,
        "a hold on a blackout still shows",
      );
    } finally {
      await test.dispose();
    }
  },
});
