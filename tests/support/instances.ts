/**
 * Several app instances on one database, each with its own connection pool,
 * HTTP server, mailbox and background work: the production topology of N
 * instances behind a load balancer, in one test process.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import {
  type Background,
  type BuiltParts,
  createApp,
  createParts,
  startBackground,
} from "../../app.ts";
import type { Clock } from "../../lib/app/parts.ts";
import { type Db, openDb } from "../../lib/db/mod.ts";
import { Mailbox } from "../../local/mail/mailbox.ts";
import {
  type AppHandler,
  appManifest,
  testConfig,
  withBundleCache,
} from "./app.ts";
import { freshTestDb, type TestDb } from "./test_db.ts";

/** One running instance. */
export interface Instance {
  /** Its HTTP origin. */
  url: string;
  parts: BuiltParts;
  /** Its own connection pool (PGlite: the one shared database). */
  db: Db;
  /** Where its mail went. */
  mailbox: Mailbox;
}

/** Instances sharing one fresh seeded database. */
export interface Instances {
  /** The shared database, as its owner. */
  test: TestDb;
  all: Instance[];
  /** Stops servers and background work, closes pools, drops the database. */
  dispose(): Promise<void>;
}

/**
 * Starts `count` instances against one new seeded database. On PostgreSQL
 * each opens its own pool, as separate processes would; on PGlite (one
 * connection only) they share the test's.
 */
export async function startInstances(
  count: number,
  options: { env?: Record<string, string | null>; clock?: Clock } = {},
): Promise<Instances> {
  const test = await freshTestDb({ seed: true, max: 5 });
  const manifest = await appManifest();
  const servers: Deno.HttpServer<Deno.NetAddr>[] = [];
  const backgrounds: Background[] = [];
  const pools: Db[] = [];
  const all: Instance[] = [];
  const dispose = async () => {
    await Promise.all(servers.map((s) => s.shutdown()));
    await Promise.all(backgrounds.map((b) => b.stop()));
    await Promise.all(pools.map((p) => p.close()));
    await test.dispose();
  };
  try {
    for (let i = 0; i < count; i++) {
      const ref: { handler?: AppHandler } = {};
      const server = Deno.serve(
        { port: 0, hostname: "127.0.0.1", onListen: () => {} },
        (req, info) =>
          ref.handler
            ? ref.handler(req, info)
            : new Response("starting", { status: 503 }),
      );
      servers.push(server);
      const url = `http://127.0.0.1:${server.addr.port}`;
      let db = test.db;
      if (test.url) {
        db = await openDb({ url: test.url, migrate: false, max: 10 });
        pools.push(db);
      }
      const mailbox = new Mailbox({ now: options.clock });
      const parts = await createParts(
        testConfig({ ...options.env, PUBLIC_URL: url }),
        { db, clock: options.clock, mailbox },
      );
      ref.handler = await createHandler(
        manifest,
        withBundleCache(await createApp(parts)),
      );
      backgrounds.push(startBackground(parts));
      all.push({ url, parts, db, mailbox });
    }
    return { test, all, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
