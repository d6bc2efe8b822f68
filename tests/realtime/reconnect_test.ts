/**
 * Issue 9's outage repro as a regression test: PostgreSQL stops under a
 * subscribed supabase-js client and starts again. The subscriber is told
 * (a `system` error, then "Subscribed to PostgreSQL" once the stand-in
 * listens again) and the next change after the restart reaches it. Runs on
 * a cluster of its own, since it stops the server.
 */
import assert from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";
import {
  DATABASE_UNREACHABLE,
  SUBSCRIBED_MESSAGE,
} from "../../local/realtime/server.ts";
import { type FeedStatus, nextFeedStatus } from "../../lib/staff/feed.ts";
import { canStartCluster, startCluster } from "../support/pg_cluster.ts";
import { insertItem, installProbeTable } from "./fixture.ts";
import { signIn, startRealtimeServer, subscribe } from "./support.ts";

const LOC = "00000000-0000-4000-8000-00000000000a";

Deno.test({
  name: "realtime after a PostgreSQL restart: told, re-listened, delivered",
  ignore: !canStartCluster(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const cluster = await startCluster();
    const db = await openDb({ url: cluster.url, migrate: true, max: 4 });
    const server = startRealtimeServer(db, {
      sessionCheckMs: 0,
      onError: () => {}, // reads fail while the server is down
    });
    try {
      await installProbeTable(db);
      const { accessToken } = await signIn(server.url, {
        appMetadata: { rt_role: "admin" },
      });
      const sub = await subscribe(
        server.url,
        accessToken,
        [{ event: "INSERT", schema: "public", table: "rt_items" }],
        "2.0.0",
      );
      const system: { status: string; message: string }[] = [];
      // The dashboard island's badge, fed what this client hears.
      let badge: FeedStatus = "live";
      const badges: FeedStatus[] = [];
      sub.client.getChannels()[0].on(
        "system",
        {},
        (p: { extension: string; status: string; message: string }) => {
          system.push(p);
          badge = nextFeedStatus(badge, { kind: "system", ...p });
          badges.push(badge);
        },
      );
      const until = async (check: () => boolean, what: string) => {
        for (let i = 0; i < 200 && !check(); i++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(
          check(),
          `${what}; system messages ${JSON.stringify(system)}`,
        );
      };
      try {
        const before = await insertItem(db, LOC, "before");
        await sub.waitFor((c) => c.new.id === before);

        cluster.pause();
        await until(
          () => system.some((s) => s.message === DATABASE_UNREACHABLE),
          "no interruption message",
        );
        assert.equal(system.at(-1)?.status, "error");

        cluster.resume();
        await until(
          () => system.at(-1)?.message === SUBSCRIBED_MESSAGE,
          "not re-subscribed",
        );
        assert.equal(system.at(-1)?.status, "ok");

        assert.deepEqual(badges, ["reconnecting", "live"]);

        const after = await insertItem(db, LOC, "after the restart");
        const got = await sub.waitFor((c) => c.new.id === after);
        assert.equal(got.new.title, "after the restart");
      } finally {
        await sub.close();
      }
    } finally {
      await server.close();
      await db.close();
      await cluster.stop();
    }
  },
});
