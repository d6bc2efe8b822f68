/**
 * Behaviour of the schema as the server uses it: holds, bookings, capacity,
 * status transitions, append-only history, the payments ledger. Runs on
 * PostgreSQL (DATABASE_URL or a throwaway cluster), each behaviour on its own
 * database, and on PGlite, every behaviour on one database.
 */
import assert from "node:assert/strict";
import {
  type Db,
  privileged,
  type TransactionSql,
  withClaims,
} from "../../lib/db/mod.ts";
import { freshTestDb, type TestDb } from "../support/test_db.ts";
import {
  bookingPayload,
  CHEFS,
  FREMONT,
  nextIsoWeekday,
  staffClaims,
} from "./fixtures.ts";

// Fremont on Wednesdays (ISO 3): chef1 and chef4 work → capacity 2.
const WEDNESDAY = nextIsoWeekday(3);
// Fremont on Saturdays: all four Fremont chefs → capacity 4.
const SATURDAY = nextIsoWeekday(6);
// Days only the capacity behaviour changes (time off, a blackout): the other
// behaviours' slots keep their capacity however the behaviours are ordered.
const TIME_OFF_SATURDAY = nextIsoWeekday(6, "2027-04-01");
const BLACKOUT_SUNDAY = nextIsoWeekday(7);

interface Booking {
  id: string;
  reference: string;
  status: string;
  chef_id: string | null;
  event_date: string;
  slot_time: string;
}

function createBooking(
  db: Db,
  payload: Record<string, unknown>,
): Promise<Booking> {
  return withClaims(db, null, async (tx) => {
    const [b] = await tx<Booking[]>`
      select * from app.create_booking(${
      JSON.stringify(payload)
    }::text::jsonb)`;
    return b;
  });
}

function count(tx: TransactionSql | Db["sql"], table: string): Promise<number> {
  return tx.unsafe(`select count(*)::int as n from public.${table}`).then((r) =>
    r[0].n as number
  );
}

async function availability(db: Db, date: string, slot: string) {
  const rows = await withClaims(
    db,
    null,
    (tx) =>
      tx<
        {
          slot_time: string;
          capacity: number;
          reserved: number;
          available: number;
        }[]
      >`
      select slot_time, capacity, reserved, available
      from public.slot_availability(${FREMONT}, ${date}, ${date})`,
  );
  return rows.find((r) => r.slot_time === slot)!;
}

/** The PostgresError fields the API maps to 409/422 responses. */
async function rejection(
  p: Promise<unknown>,
): Promise<{ code: string; constraint: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; constraint_name?: string };
    return { code: e.code ?? "", constraint: e.constraint_name ?? "" };
  }
  throw new Error("expected the write to be rejected");
}

/** A schema behaviour, run on both engines. */
interface Behaviour {
  name: string;
  fn: (t: TestDb) => Promise<void>;
}

const behaviours: Behaviour[] = [];

/**
 * One schema behaviour, run on PostgreSQL (its own freshly seeded database,
 * copied from a prepared template) and on PGlite (a step of the one embedded
 * database of this module, see the end of the file). Behaviours write only to
 * slots and dates no other behaviour reads (see the dates above), so on the
 * shared PGlite they hold in any order, as on their own databases.
 */
function schemaTest(name: string, fn: (t: TestDb) => Promise<void>): void {
  behaviours.push({ name, fn });
  Deno.test({
    name: `schema (postgres): ${name}`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const t = await freshTestDb({ seed: true });
      try {
        await fn(t);
      } finally {
        await t.dispose();
      }
    },
  });
}

schemaTest(
  "seed: two locations, six chefs, fourteen menu items, eight staff",
  async (t) => {
    assert.equal(await count(t.db.sql, "locations"), 2);
    assert.equal(await count(t.db.sql, "chefs"), 6);
    assert.equal(await count(t.db.sql, "menu_items"), 14);
    assert.equal(await count(t.db.sql, "staff"), 8);
    const [first] = await t.db
      .sql`select slug from locations order by sort_order limit 1`;
    assert.equal(first.slug, "fremont");
  },
);

schemaTest(
  "capacity follows chef weekdays, time off and blackouts",
  async (t) => {
    assert.equal(
      (await availability(t.db, WEDNESDAY, "18:00")).capacity,
      2,
    );
    assert.equal(
      (await availability(t.db, TIME_OFF_SATURDAY, "18:00")).capacity,
      4,
    );
    await t.db
      .sql`insert into chef_time_off (chef_id, starts_on, ends_on, status)
      values (${CHEFS.chef1}, ${TIME_OFF_SATURDAY}, ${TIME_OFF_SATURDAY}, 'approved'),
             (${CHEFS.chef2}, ${TIME_OFF_SATURDAY}, ${TIME_OFF_SATURDAY}, 'requested')`;
    assert.equal(
      (await availability(t.db, TIME_OFF_SATURDAY, "18:00")).capacity,
      3,
    );
    await t.db
      .sql`insert into blackout_dates (location_id, blackout_date) values (${FREMONT}, ${BLACKOUT_SUNDAY})`;
    assert.equal(
      (await availability(t.db, BLACKOUT_SUNDAY, "12:00")).capacity,
      0,
    );
  },
);

schemaTest(
  "a booking reserves its slot; the third on a capacity-2 slot is refused and changes nothing",
  async (t) => {
    const a = await createBooking(
      t.db,
      (await bookingPayload(WEDNESDAY, "18:00")).payload,
    );
    assert.match(a.reference, /^MH-[0-9A-Z]{6}$/);
    assert.equal(a.status, "pending_deposit");
    assert.equal(a.event_date, WEDNESDAY);
    await createBooking(
      t.db,
      (await bookingPayload(WEDNESDAY, "18:00")).payload,
    );
    assert.deepEqual(await availability(t.db, WEDNESDAY, "18:00"), {
      slot_time: "18:00",
      capacity: 2,
      reserved: 2,
      available: 0,
    });
    const customersBefore = await count(t.db.sql, "customers");
    const bookingsBefore = await count(t.db.sql, "bookings");
    const third = await bookingPayload(WEDNESDAY, "18:00");
    assert.deepEqual(
      await rejection(createBooking(t.db, third.payload)),
      {
        code: "23514",
        constraint: "slot_capacity",
      },
    );
    assert.equal(await count(t.db.sql, "bookings"), bookingsBefore);
    assert.equal(await count(t.db.sql, "customers"), customersBefore);
  },
);

schemaTest(
  "holds take a unit; the customer's own hold is consumed by the booking",
  async (t) => {
    const date = WEDNESDAY;
    const [h1] = await withClaims(
      t.db,
      null,
      (tx) =>
        tx<
          { id: string; expires_at: Date }[]
        >`select * from app.create_hold(${FREMONT}, ${date}, '12:00')`,
    );
    const minutes = (h1.expires_at.getTime() - Date.now()) / 60000;
    assert.ok(
      minutes > 14 && minutes <= 15.1,
      `hold lasts 15 minutes, got ${minutes}`,
    );
    await withClaims(
      t.db,
      null,
      (tx) => tx`select * from app.create_hold(${FREMONT}, ${date}, '12:00')`,
    );
    assert.deepEqual(
      await rejection(
        withClaims(
          t.db,
          null,
          (tx) =>
            tx`select * from app.create_hold(${FREMONT}, ${date}, '12:00')`,
        ),
      ),
      { code: "23514", constraint: "slot_capacity" },
    );
    // Slot full of holds: a booking without a hold is refused, one with its hold succeeds.
    assert.equal(
      (await rejection(
        createBooking(
          t.db,
          (await bookingPayload(date, "12:00")).payload,
        ),
      )).constraint,
      "slot_capacity",
    );
    const b = await createBooking(
      t.db,
      (await bookingPayload(date, "12:00", { hold_id: h1.id })).payload,
    );
    const [hold] = await t.db
      .sql`select converted_booking_id from holds where id = ${h1.id}`;
    assert.equal(hold.converted_booking_id, b.id);
    assert.deepEqual(await availability(t.db, date, "12:00"), {
      slot_time: "12:00",
      capacity: 2,
      reserved: 2,
      available: 0,
    });
    // Released holds free their unit.
    const [h2] = await t.db
      .sql`select id from holds where converted_booking_id is null and event_date = ${date} and slot_time = '12:00'`;
    const [released] = await withClaims(
      t.db,
      null,
      (tx) => tx`select app.release_hold(${h2.id}) as ok`,
    );
    assert.equal(released.ok, true);
    assert.equal(
      (await availability(t.db, date, "12:00")).available,
      1,
    );
  },
);

schemaTest(
  "manage token opens exactly its booking; wrong tokens see nothing",
  async (t) => {
    const { payload, token } = await bookingPayload(SATURDAY, "15:00");
    const b = await createBooking(t.db, payload);
    const [view] = await withClaims(
      t.db,
      null,
      (tx) =>
        tx<
          {
            v: {
              booking: Record<string, unknown>;
              customer: { name: string };
              paid_cents: number;
            } | null;
          }[]
        >`
        select app.booking_view_by_token(${b.reference}, ${token}) as v`,
    );
    assert.equal(view.v?.booking.id, b.id);
    assert.equal(view.v?.booking.manage_token_hash, undefined);
    assert.equal(view.v?.customer.name, "Test Customer");
    assert.equal(view.v?.paid_cents, 0);
    const [wrong] = await withClaims(
      t.db,
      null,
      (tx) =>
        tx`select app.booking_view_by_token(${b.reference}, ${"not-the-token"}) as v`,
    );
    assert.equal(wrong.v, null);
    // Anonymous callers cannot read bookings directly.
    const direct = await withClaims(
      t.db,
      null,
      (tx) => tx`select id from bookings`,
    );
    assert.equal(direct.length, 0);
    const [cancel] = await withClaims(
      t.db,
      null,
      (tx) =>
        tx<
          Booking[]
        >`select * from app.request_cancellation(${b.reference}, ${token}, 'moving')`,
    );
    assert.equal(cancel.status, "cancellation_requested");
    const events = await t.db
      .sql`select type, actor, note, after from booking_events where booking_id = ${b.id} order by at, type`;
    assert.deepEqual(events.map((e) => [e.type, e.actor]), [[
      "created",
      "customer",
    ], ["status_changed", "customer"]]);
    assert.equal(events[1].note, "moving");
    assert.deepEqual(events[1].after, {
      status: "cancellation_requested",
    });
  },
);

schemaTest("status transitions follow the lifecycle", async (t) => {
  const b = await createBooking(
    t.db,
    (await bookingPayload(SATURDAY, "21:00")).payload,
  );
  assert.deepEqual(
    await rejection(
      t.db
        .sql`update bookings set status = 'completed' where id = ${b.id}`,
    ),
    { code: "23514", constraint: "bookings_status_transition" },
  );
  await t.db
    .sql`update bookings set status = 'expired' where id = ${b.id}`;
  assert.deepEqual(
    await rejection(
      t.db
        .sql`update bookings set status = 'confirmed' where id = ${b.id}`,
    ),
    { code: "23514", constraint: "bookings_status_transition" },
  );
  const [row] = await t.db
    .sql`select status from bookings where id = ${b.id}`;
  assert.equal(row.status, "expired");
});

schemaTest(
  "a deposit payment confirms; provider references are unique; the ledger is append-only",
  async (t) => {
    const b = await createBooking(
      t.db,
      (await bookingPayload(SATURDAY, "12:00")).payload,
    );
    await privileged(t.db, (tx) =>
      tx`
      insert into payments (booking_id, kind, method, amount_cents, provider, provider_reference)
      values (${b.id}, 'deposit', 'card', 10000, 'stripe', 'pi_test_1')`);
    const [row] = await t.db
      .sql`select status from bookings where id = ${b.id}`;
    assert.equal(row.status, "confirmed");
    assert.deepEqual(
      await rejection(privileged(t.db, (tx) =>
        tx`
        insert into payments (booking_id, kind, method, amount_cents, provider, provider_reference)
        values (${b.id}, 'deposit', 'card', 10000, 'stripe', 'pi_test_1')`)),
      { code: "23505", constraint: "payments_provider_reference_key" },
    );
    assert.equal(
      (await rejection(
        t.db
          .sql`insert into payments (booking_id, kind, method, amount_cents) values (${b.id}, 'balance', 'cash', 0)`,
      )).constraint,
      "payments_amount_cents_check",
    );
    assert.equal(
      (await rejection(
        t.db
          .sql`update payments set amount_cents = 1 where booking_id = ${b.id}`,
      )).constraint,
      "payments_append_only",
    );
  },
);

schemaTest(
  "booking_events and audit_log refuse UPDATE/DELETE/TRUNCATE even for the owner",
  async (t) => {
    // booking_events needs rows of its own: this test makes a booking.
    await createBooking(
      t.db,
      (await bookingPayload(SATURDAY, "12:00")).payload,
    );
    await t.db
      .sql`insert into audit_log (actor, action, entity) values ('system', 'test', 'bookings')`;
    for (const table of ["booking_events", "audit_log"]) {
      const before = await count(t.db.sql, table);
      assert.ok(before > 0);
      assert.equal(
        (await rejection(
          t.db.sql.unsafe(`update ${table} set at = now()`),
        )).constraint,
        `${table}_append_only`,
      );
      assert.equal(
        (await rejection(t.db.sql.unsafe(`delete from ${table}`)))
          .constraint,
        `${table}_append_only`,
      );
      assert.equal(
        (await rejection(t.db.sql.unsafe(`truncate ${table}`)))
          .constraint,
        `${table}_append_only`,
      );
      // service_role bypasses RLS but has no UPDATE/DELETE grant.
      assert.equal(
        (await rejection(
          privileged(t.db, (tx) => tx.unsafe(`delete from ${table}`)),
        )).code,
        "42501",
      );
      assert.equal(await count(t.db.sql, table), before);
    }
  },
);

schemaTest(
  "a chef cannot hold two bookings in one slot, nor work for another location",
  async (t) => {
    const a = await createBooking(
      t.db,
      (await bookingPayload(SATURDAY, "18:00")).payload,
    );
    const b = await createBooking(
      t.db,
      (await bookingPayload(SATURDAY, "18:00")).payload,
    );
    await withClaims(
      t.db,
      staffClaims("manager"),
      (tx) =>
        tx`update bookings set chef_id = ${CHEFS.chef3} where id = ${a.id}`,
    );
    assert.deepEqual(
      await rejection(
        withClaims(
          t.db,
          staffClaims("manager"),
          (tx) =>
            tx`update bookings set chef_id = ${CHEFS.chef3} where id = ${b.id}`,
        ),
      ),
      { code: "23505", constraint: "bookings_chef_slot_key" },
    );
    assert.equal(
      (await rejection(
        t.db
          .sql`update bookings set chef_id = ${CHEFS.chef5} where id = ${b.id}`,
      )).constraint,
      "bookings_chef_of_location",
    );
    const [ev] = await t.db
      .sql`select type, actor, actor_id from booking_events
      where booking_id = ${a.id} and type = 'chef_assigned'`;
    assert.deepEqual({ ...ev }, {
      type: "chef_assigned",
      actor: "staff",
      actor_id: staffClaims("manager").sub,
    });
  },
);

schemaTest(
  "party size, e-mail and ZIP checks name their constraints",
  async (t) => {
    const big = await bookingPayload(SATURDAY, "12:00", {
      adults: 45,
      under6: 6,
    });
    assert.equal(
      (await rejection(createBooking(t.db, big.payload))).constraint,
      "bookings_party_size",
    );
    const none = await bookingPayload(SATURDAY, "12:00", {
      adults: 0,
      under6: 2,
    });
    assert.equal(
      (await rejection(createBooking(t.db, none.payload))).constraint,
      "bookings_party_size",
    );
    const zip = await bookingPayload(SATURDAY, "12:00", {
      zip: "9453",
    });
    assert.equal(
      (await rejection(createBooking(t.db, zip.payload))).constraint,
      "bookings_zip_check",
    );
    const email = await bookingPayload(SATURDAY, "12:00", {
      customer: { email: "nope", name: "X" },
    });
    assert.equal(
      (await rejection(createBooking(t.db, email.payload))).constraint,
      "customers_email_check",
    );
  },
);

schemaTest(
  "slot writes refuse REPEATABLE READ, whose snapshot would predate the slot lock",
  async (t) => {
    const { payload } = await bookingPayload(SATURDAY, "15:00");
    const err = await rejection(
      t.db.sql.begin(
        "isolation level repeatable read",
        (tx) =>
          tx`select id from app.create_booking(${
            JSON.stringify(payload)
          }::text::jsonb)`,
      ),
    );
    assert.equal(err.code, "25001");
  },
);

// Loading PGlite's data directory into WASM costs seconds per database, so the
// embedded half runs every behaviour above on one database (ADR 0047).
Deno.test({
  name: "schema (pglite): every behaviour on one embedded database",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(ctx) {
    const t = await freshTestDb({ pglite: true, seed: true });
    try {
      assert.equal(t.kind, "pglite");
      for (const b of behaviours) {
        await ctx.step(b.name, () => b.fn(t));
      }
    } finally {
      await t.dispose();
    }
  },
});
