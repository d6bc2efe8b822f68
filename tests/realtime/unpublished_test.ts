/**
 * postgres_changes on a table that is missing (or not in the
 * supabase_realtime publication): the join succeeds and a `system` error
 * follows, as hosted Realtime does (issue 17, item 9), through supabase-js.
 */
import assert from "node:assert/strict";
import { createClient } from "@supabase/supabase-js";
import { LOCAL_ANON_KEY } from "../../local/keys.ts";
import { freshTestDb } from "../support/test_db.ts";
import { installProbeTable } from "./fixture.ts";
import { signIn, startRealtimeServer } from "./support.ts";

type System = {
  extension: string;
  status: string;
  message: string;
  channel: string;
};

async function join(url: string, table: string) {
  const { accessToken: token } = await signIn(url);
  const client = createClient(url, LOCAL_ANON_KEY, {
    accessToken: () => Promise.resolve(token),
    auth: { persistSession: false, autoRefreshToken: false },
  });
  await client.realtime.setAuth();
  const name = `missing-${crypto.randomUUID()}`;
  const system = new Promise<System>((resolve) => {
    client.channel(name)
      .on("system", {}, (payload: System) => resolve(payload))
      .on(
        "postgres_changes",
        { event: "*", schema: "public", table, filter: "id=eq.7" },
        () => {},
      )
      .subscribe();
  });
  return { client, name, system: await system };
}

Deno.test({
  name: "postgres_changes on a missing or unpublished table: system error",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const tdb = await freshTestDb({ pglite: true });
    await installProbeTable(tdb.db);
    await tdb.db.sql.unsafe(`create table public.rt_private (id int)`);
    const server = startRealtimeServer(tdb.db);
    try {
      for (const table of ["no_such_table", "rt_private"]) {
        const { client, name, system } = await join(server.url, table);
        assert.deepEqual(system, {
          extension: "postgres_changes",
          status: "error",
          message: "Unable to subscribe to changes with given parameters. " +
            "Please check Realtime is enabled for the given connect " +
            `parameters: [event: *, schema: public, table: ${table}, ` +
            `filters: [{"id", "eq", "7"}]]`,
          channel: name,
        });
        assert.equal(server.realtime.stats().subscriptions, 0);
        await client.removeAllChannels();
        client.realtime.disconnect();
      }
      // A published table still subscribes.
      const ok = await join(server.url, "rt_items");
      assert.equal(ok.system.status, "ok");
      assert.equal(ok.system.message, "Subscribed to PostgreSQL");
      await ok.client.removeAllChannels();
      ok.client.realtime.disconnect();
    } finally {
      await server.close();
      await tdb.dispose();
    }
  },
});
