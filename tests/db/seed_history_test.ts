/**
 * The seeded booking history (supabase/seed/history.sql) on PostgreSQL and
 * PGlite: enough bookings, never over capacity, no chef in two places, quotes
 * priced like the API, ledgers that match the statuses, and a dated event
 * history that replays to each booking's status.
 */
import assert from "node:assert/strict";
import { freshTestDb, type TestDb } from "../support/test_db.ts";
import {
  computeQuote,
  DEFAULT_MENU,
  DEFAULT_PRICING,
} from "../../lib/pricing/mod.ts";
import { travelMiles } from "../../lib/geo/mod.ts";
import { renderHistorySql } from "../../supabase/seed/generate_history.ts";

Deno.test("history.sql is the generator's current output", async () => {
  const committed = await Deno.readTextFile(
    new URL("../../supabase/seed/history.sql", import.meta.url),
  );
  assert.ok(
    committed === renderHistorySql(),
    "run: deno run -A supabase/seed/generate_history.ts",
  );
});

interface BookingRow {
  id: string;
  status: string;
  location_id: string;
  zip: string;
  loc_zip: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extra_proteins: Record<string, number>;
  addons: Record<string, number>;
  quote:
    & { totalCents: number; depositCents: number; gratuityCents: number }
    & Record<string, unknown>;
  total_cents: number;
  deposit_cents: number;
  created_at: Date;
  starts_at: Date;
}

async function checkHistory(t: Deno.TestContext, test: TestDb): Promise<void> {
  const sql = test.db.sql;
  const bookings = await sql<BookingRow[]>`
    select b.id, b.status, b.location_id, b.zip, l.zip as loc_zip, b.adults, b.children,
           b.under6, b.proteins, b.extra_proteins, b.addons, b.quote, b.total_cents,
           b.deposit_cents, b.created_at,
           ((b.event_date + b.slot_time::time) at time zone l.timezone) as starts_at
    from bookings b join locations l on l.id = b.location_id`;

  await t.step(
    "at least 500 bookings at both locations, past and upcoming",
    async () => {
      assert.ok(bookings.length >= 500, `${bookings.length} bookings`);
      const [c] = await sql<
        { locations: number; past: number; upcoming: number; repeat: number }[]
      >`
      select (select count(distinct location_id)::int from bookings) as locations,
             (select count(*)::int from bookings where event_date between '2025-11-01' and '2026-10-31') as past,
             (select count(*)::int from bookings where event_date > '2026-10-31' and status = 'confirmed') as upcoming,
             (select count(*)::int from (select customer_id from bookings group by 1 having count(*) > 1) r) as repeat`;
      assert.equal(c.locations, 2);
      assert.ok(c.past >= 450, `${c.past} past bookings`);
      assert.ok(c.upcoming >= 20, `${c.upcoming} upcoming confirmed bookings`);
      assert.ok(c.repeat >= 20, `${c.repeat} repeat customers`);
      const statuses = new Set(bookings.map((b) => b.status));
      for (
        const s of ["completed", "cancelled", "expired", "no_show", "confirmed"]
      ) {
        assert.ok(statuses.has(s), `some ${s} booking`);
      }
      const [w] = await sql<
        { weekend: number; summer: number; spring: number }[]
      >`
      select count(*) filter (where extract(isodow from event_date) >= 5)::int as weekend,
             count(*) filter (where event_date between '2026-06-01' and '2026-08-31')::int as summer,
             count(*) filter (where event_date between '2026-02-01' and '2026-04-30')::int as spring
      from bookings`;
      assert.ok(w.weekend > bookings.length * 0.6, "most parties are Fri–Sun");
      assert.ok(w.summer > w.spring * 1.2, "summer is busier than spring");
    },
  );

  await t.step(
    "no slot over capacity, no chef double-booked or off-day",
    async () => {
      const over = await sql`
      select location_id, event_date, slot_time, count(*) as n,
             app.slot_capacity(location_id, event_date, slot_time) as capacity
      from bookings where app.holds_chef(status)
      group by 1, 2, 3
      having count(*) > app.slot_capacity(location_id, event_date, slot_time)`;
      assert.deepEqual([...over], []);
      const twice = await sql`
      select chef_id, event_date, slot_time from bookings
      where chef_id is not null and app.holds_chef(status)
      group by 1, 2, 3 having count(*) > 1`;
      assert.deepEqual([...twice], []);
      const offDay = await sql`
      select b.reference from bookings b join chefs c on c.id = b.chef_id
      where not (extract(isodow from b.event_date)::smallint = any (c.weekdays))
         or c.location_id <> b.location_id`;
      assert.deepEqual([...offDay], []);
      const [u] = await sql<{ n: number }[]>`
      select count(*)::int as n from bookings
      where status in ('confirmed', 'completed', 'no_show') and chef_id is null`;
      assert.equal(u.n, 0, "every confirmed or finished booking has a chef");
    },
  );

  await t.step(
    "each stored quote is what lib/pricing computes for the row",
    () => {
      for (const b of bookings) {
        const miles = travelMiles(b.loc_zip, b.zip);
        assert.ok(miles.ok);
        const q = computeQuote(
          {
            adults: b.adults,
            children: b.children,
            under6: b.under6,
            proteins: b.proteins,
            extraProteins: b.extra_proteins,
            addons: b.addons,
            zip: b.zip,
            gratuityPercent: Math.round(
              // The gratuity percent is not a column; recover it from the quote.
              (b.quote.gratuityCents * 100) /
                ((b.quote.foodSubtotalCents as number) +
                  (b.quote.minimumAdjustmentCents as number)),
            ),
          },
          DEFAULT_PRICING,
          DEFAULT_MENU,
          { miles: miles.miles },
        );
        assert.deepEqual(b.quote, JSON.parse(JSON.stringify(q)));
        assert.equal(b.total_cents, q.totalCents);
        assert.equal(b.deposit_cents, q.depositCents);
        assert.ok(q.serviceable);
      }
    },
  );

  await t.step("ledger sums match each status", async () => {
    const ledger = new Map<
      string,
      { deposit: number; balance: number; refund: number }
    >();
    for (
      const p of await sql<
        { booking_id: string; kind: string; amount_cents: number }[]
      >`
        select booking_id, kind, amount_cents from payments`
    ) {
      const l = ledger.get(p.booking_id) ??
        { deposit: 0, balance: 0, refund: 0 };
      l[p.kind as "deposit"] += p.amount_cents;
      ledger.set(p.booking_id, l);
    }
    const cancelledAt = new Map(
      (await sql<{ booking_id: string; at: Date }[]>`
        select booking_id, at from booking_events
        where after ->> 'status' = 'cancellation_requested'`).map((
        r,
      ) => [r.booking_id, r.at]),
    );
    for (const b of bookings) {
      const l = ledger.get(b.id) ?? { deposit: 0, balance: 0, refund: 0 };
      const paid = l.deposit + l.balance - l.refund;
      switch (b.status) {
        case "completed":
          assert.equal(l.deposit, b.deposit_cents);
          assert.equal(paid, b.total_cents, `completed ${b.id} paid in full`);
          break;
        case "expired":
          assert.equal(l.deposit + l.balance + l.refund, 0);
          break;
        case "no_show":
        case "confirmed":
        case "cancellation_requested":
          assert.deepEqual(l, {
            deposit: b.deposit_cents,
            balance: 0,
            refund: 0,
          });
          break;
        case "cancelled": {
          const asked = cancelledAt.get(b.id);
          assert.ok(asked, `cancelled ${b.id} was requested`);
          const early =
            b.starts_at.getTime() - asked.getTime() >= 96 * 3_600_000;
          assert.equal(l.deposit, b.deposit_cents);
          assert.equal(
            l.refund,
            early ? b.deposit_cents : 0,
            `refund iff ≥ 96 h before`,
          );
          break;
        }
        default:
          assert.fail(`unexpected status ${b.status}`);
      }
    }
  });

  await t.step(
    "dated event history replays to each booking's status",
    async () => {
      const events = await sql<
        {
          booking_id: string;
          type: string;
          actor: string;
          at: Date;
          after: Record<string, unknown>;
        }[]
      >`
      select booking_id, type, actor, at, after from booking_events order by booking_id, at, id`;
      const byBooking = new Map<string, (typeof events)[number][]>();
      for (const e of events) {
        byBooking.set(e.booking_id, [
          ...(byBooking.get(e.booking_id) ?? []),
          e,
        ]);
      }
      for (const b of bookings) {
        const evs = byBooking.get(b.id) ?? [];
        assert.equal(evs[0]?.type, "created");
        assert.equal(evs[0].at.getTime(), b.created_at.getTime());
        assert.equal(evs[0].after.status, "pending_deposit");
        let status = "pending_deposit";
        for (const e of evs.slice(1)) {
          assert.ok(
            e.at >= b.created_at && e.at < new Date("2026-11-04T00:00:00Z"),
            "dated in the seeded past",
          );
          if (typeof e.after?.status === "string") status = e.after.status;
        }
        assert.equal(status, b.status, `events of ${b.id} end in its status`);
      }
      const [d] = await sql<{ n: number }[]>`
      select count(*)::int as n from payments p join booking_events e
        on e.booking_id = p.booking_id and e.at = p.created_at and e.after ->> 'status' = 'confirmed'
      where p.kind = 'deposit'`;
      const [deposits] = await sql<
        { n: number }[]
      >`select count(*)::int as n from payments where kind = 'deposit'`;
      assert.equal(
        d.n,
        deposits.n,
        "each deposit confirms its booking at the payment's time",
      );
    },
  );
}

for (const pglite of [false, true]) {
  Deno.test({
    name: `seeded booking history (${
      pglite ? "PGlite" : "PostgreSQL or PGlite fallback"
    })`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      const test = await freshTestDb({ seed: true, pglite });
      try {
        await checkHistory(t, test);
      } finally {
        await test.dispose();
      }
    },
  });
}
