/**
 * Every table in the `supabase_realtime` publication gets change notices.
 * A migration that adds a table to the publication after
 * *_realtime_notify.sql must call `select realtime.install_notify_triggers();`
 * — this test fails until it does.
 */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";

Deno.test({
  name: "every supabase_realtime table has the realtime_notify_change trigger",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await freshTestDb();
    try {
      const rows = await t.db.sql<{ rel: string; has_trigger: boolean }[]>`
        select format('%I.%I', p.schemaname, p.tablename) as rel,
               exists (select 1 from pg_trigger g
                        where g.tgrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
                          and g.tgname = 'realtime_notify_change') as has_trigger
          from pg_publication_tables p
         where p.pubname = 'supabase_realtime'
         order by 1`;
      const rels = rows.map((r) => r.rel);
      for (
        const expected of [
          "public.bookings",
          "public.payments",
          "public.booking_events",
        ]
      ) {
        assert.ok(
          rels.includes(expected),
          `${expected} is not in supabase_realtime`,
        );
      }
      assert.deepEqual(
        rows.filter((r) => !r.has_trigger).map((r) => r.rel),
        [],
      );
    } finally {
      await t.dispose();
    }
  },
});
