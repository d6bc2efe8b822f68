/**
 * The staff dashboard's subscription on the real schema: bookings created
 * through app.create_booking reach admins and the managers of the booking's
 * location, never other managers or anonymous clients (RLS decides).
 */
import assert from "node:assert/strict";
import { withClaims } from "../../lib/db/mod.ts";
import {
  bookingPayload,
  FREMONT,
  nextIsoWeekday,
  SACRAMENTO,
  USERS,
} from "../db/fixtures.ts";
import { adminUrl, freshTestDb, type TestDb } from "../support/test_db.ts";
import {
  settle,
  signIn,
  startRealtimeServer,
  subscribe,
  type Subscriber,
} from "./support.ts";

const bookings = { event: "*", schema: "public", table: "bookings" } as const;
const SATURDAY = nextIsoWeekday(6);

async function createBooking(
  t: TestDb,
  location: string,
  slot: string,
): Promise<string> {
  const { payload } = await bookingPayload(SATURDAY, slot, {
    location_id: location,
    city: location === FREMONT ? "Fremont" : "Sacramento",
    zip: location === FREMONT ? "94539" : "95814",
  });
  const [row] = await withClaims(
    t.db,
    null,
    (tx) =>
      tx<{ id: string }[]>`select id from app.create_booking(${
        JSON.stringify(payload)
      }::text::jsonb)`,
  );
  return row.id;
}

const pg = await adminUrl();
for (
  const engine of [
    {
      name: "PostgreSQL",
      open: () => freshTestDb({ seed: true }),
      ignore: !pg,
    },
    {
      name: "PGlite",
      open: () => freshTestDb({ seed: true, pglite: true }),
      ignore: false,
    },
  ]
) {
  Deno.test({
    name: `realtime bookings feed follows RLS on ${engine.name}`,
    ignore: engine.ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const t = await engine.open();
      const server = startRealtimeServer(t.db);
      const subs: Subscriber[] = [];
      try {
        const admin = await subscribe(
          server.url,
          (await signIn(server.url, { userId: USERS.admin })).accessToken,
          [bookings],
          "2.0.0",
        );
        subs.push(admin);
        const fremontManager = await subscribe(
          server.url,
          (await signIn(server.url, { userId: USERS.manager })).accessToken,
          [bookings],
          "1.0.0",
        );
        subs.push(fremontManager);
        const anon = await subscribe(server.url, null, [bookings], "2.0.0");
        subs.push(anon);

        const sacramento = await createBooking(t, SACRAMENTO, "12:00");
        const fremont = await createBooking(t, FREMONT, "18:00");
        const a1 = await admin.waitFor((c) =>
          c.eventType === "INSERT" && c.new.id === sacramento
        );
        assert.equal(a1.new.location_id, SACRAMENTO);
        assert.equal(a1.new.status, "pending_deposit");
        assert.match(String(a1.new.reference), /^MH-/);
        await admin.waitFor((c) =>
          c.eventType === "INSERT" && c.new.id === fremont
        );
        const m1 = await fremontManager.waitFor((c) =>
          c.eventType === "INSERT" && c.new.id === fremont
        );
        assert.equal(
          m1.new.total_cents,
          59544,
          "integer cents arrive as numbers",
        );

        await t.db
          .sql`update public.bookings set notes = 'gate code 1234' where id = ${fremont}`;
        const upd = await fremontManager.waitFor((c) =>
          c.eventType === "UPDATE" && c.new.id === fremont
        );
        assert.equal(upd.new.notes, "gate code 1234");
        await admin.waitFor((c) =>
          c.eventType === "UPDATE" && c.new.id === fremont
        );

        await settle();
        assert.ok(
          !fremontManager.received.some((c) => c.new.id === sacramento),
          "a Fremont manager saw a Sacramento booking",
        );
        assert.deepEqual(anon.received, [], "anon saw bookings");
      } finally {
        await Promise.all(subs.map((s) => s.close()));
        await server.close();
        await t.dispose();
      }
    },
  });
}
