/**
 * A CSV export of 100,000 bookings on real PostgreSQL: streamed in cursor
 * batches (hundreds of chunks, never one string of the whole file), every
 * row present once, and the file parses back as RFC 4180.
 */
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { freshTestDb } from "../support/test_db.ts";
import { csvExport } from "../../lib/analytics/exports.ts";
import { staffClaims } from "../db/fixtures.ts";
import { instantAt } from "../support/clock.ts";
import { seedAnalyticsFixture, TESTVILLE } from "./support.ts";

const ROWS = 100_000;

Deno.test({
  name: "exports: bookings.csv of 100,000 bookings streams every row once",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const t = await freshTestDb({ seed: true });
    try {
      await seedAnalyticsFixture(t.db);
      await t.db.sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        // 2027: 100,000 bookings of the fixture's customers, four slots a day.
        await tx`
          insert into public.bookings (
            reference, status, location_id, event_date, slot_time, adults,
            address_line1, city, state, zip, customer_id, quote, total_cents,
            deposit_cents, manage_token_hash, payment_method, notes, created_at)
          select 'MH-Y' || lpad(upper(to_hex(g)), 5, '0'), 'confirmed', ${TESTVILLE},
            date '2027-01-01' + (g % 365), (array['12:00', '15:00', '18:00', '21:00'])[1 + g % 4],
            2 + g % 20, g || ' Load St', 'Fremont', 'CA', '94536',
            (array['52000000-0000-4000-8000-00000000000a'::uuid,
                   '52000000-0000-4000-8000-00000000000b'::uuid])[1 + g % 2],
            '{}'::jsonb, 60000 + g % 5000, 10000,
            encode(extensions.digest('load-' || g, 'sha256'), 'hex'), 'card',
            case when g % 1000 = 0 then '-' || g || ', "note"' end,
            timestamptz '2026-06-01' + (g || ' seconds')::interval
          from generate_series(1, ${ROWS}) g`;
      });
      await t.db.sql`analyze public.bookings`;
      const file = await csvExport(
        t.db,
        staffClaims("admin"),
        "admin",
        "bookings",
        { from: "2027-01-01", to: "2027-12-31", location: "testville" },
        instantAt("2026-12-01", "12:00"),
      );
      assert.equal(
        file.fileName,
        "bookings-testville-2027-01-01-to-2027-12-31.csv",
      );
      let chunks = 0;
      let text = "";
      const decoder = new TextDecoder();
      for await (const c of file.body) {
        chunks++;
        text += decoder.decode(c, { stream: true });
      }
      assert.ok(chunks >= ROWS / 500, `streamed in batches (${chunks})`);
      const rows: Record<string, string>[] = parse(text, { columns: true });
      assert.equal(rows.length, ROWS);
      assert.equal(new Set(rows.map((r) => r.reference)).size, ROWS);
      const noted = rows.filter((r) => r.notes !== "");
      assert.equal(noted.length, ROWS / 1000);
      assert.ok(noted.every((r) => /^'-\d+, "note"$/.test(r.notes)));
    } finally {
      await t.dispose();
    }
  },
});
