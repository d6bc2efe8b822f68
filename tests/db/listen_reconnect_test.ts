/**
 * `db.listen` on PostgreSQL survives its connection dropping (ADR 0011): the
 * backend is terminated (as a restart does), `onLost` fires, LISTEN is
 * re-issued, `onRestored` fires, and the next NOTIFY arrives. postgres.js's
 * own `sql.listen` would give up if the first re-listen failed.
 */
import assert from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";
import { adminUrl, freshTestDb, withDatabase } from "../support/test_db.ts";

Deno.test({
  name: "db.listen re-listens after its backend is terminated",
  ignore: !(await adminUrl()),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await freshTestDb();
    const got: string[] = [];
    const events: string[] = [];
    const waitFor = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !check(); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(check(), `${what}: events ${events}, got ${got}`);
    };
    const unlisten = await t.db.listen("mh_relisten", (p) => got.push(p), {
      onLost: () => events.push("lost"),
      onRestored: () => events.push("restored"),
    });
    try {
      await t.db.sql`select pg_notify('mh_relisten', 'one')`;
      await waitFor(() => got.includes("one"), "first notify");

      for (const round of ["two", "three"]) {
        const [row] = await t.db.sql<{ n: number }[]>`
          select count(pg_terminate_backend(pid))::int as n
            from pg_stat_activity
           where datname = current_database()
             and query ilike 'listen%mh_relisten%'`;
        assert.equal(row.n, 1);
        await waitFor(
          () =>
            events.filter((e) => e === "restored").length ===
              (round === "two" ? 1 : 2),
          "restored",
        );
        await t.db.sql`select pg_notify('mh_relisten', ${round})`;
        await waitFor(() => got.includes(round), `notify ${round}`);
      }
      assert.deepEqual(events, ["lost", "restored", "lost", "restored"]);
    } finally {
      await unlisten();
      await t.dispose();
    }
    // Each notification arrived once, none was duplicated by a re-listen.
    assert.deepEqual(got, ["one", "two", "three"]);
  },
});

Deno.test({
  name: "db.close ends the listening connection too",
  ignore: !(await adminUrl()),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await freshTestDb();
    const name = new URL(t.url).pathname.slice(1);
    await t.db.listen("mh_close", () => {});
    const watcher = await openDb({ url: withDatabase(t.url, "postgres") });
    try {
      const count = async () =>
        (await watcher.sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
           where datname = ${name} and query ilike 'listen%mh_close%'`)[0].n;
      assert.equal(await count(), 1);
      await t.db.close();
      for (let i = 0; i < 100 && await count() > 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(await count(), 0);
    } finally {
      await watcher.close();
      await t.dispose();
    }
  },
});
