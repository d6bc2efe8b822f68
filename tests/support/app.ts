/**
 * The one way tests start the real app: the generated manifest, the
 * composition root (`app.ts`) and parts of the test's own: a fresh seeded
 * database (a new PostgreSQL database from the throwaway cluster, else an
 * in-memory PGlite), a configuration parsed from the test's variables by the
 * app's own config module, an optional clock, and optionally a real HTTP
 * server. Nothing touches the process environment, so several apps can run
 * in one process at once.
 *
 * @module
 */
import {
  createHandler,
  type FreshConfig,
  type Manifest,
} from "$fresh/server.ts";
import { type BuiltParts, createApp, createParts } from "../../app.ts";
import type { Clock } from "../../lib/app/parts.ts";
import { type AppConfig, loadConfig } from "../../lib/config/mod.ts";
import { type Db, openDb } from "../../lib/db/mod.ts";
import type { Mailer } from "../../lib/mail/types.ts";
import { freshTestDb, type TestDb } from "./test_db.ts";
import { BUNDLE_CACHE_ENV } from "./bundle_cache.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";

/** The app's request handler. */
export type AppHandler = Awaited<ReturnType<typeof createHandler>>;

/** PUBLIC_URL of an app that is not served (no server origin to use). */
export const TEST_ORIGIN = "https://myhibachi.test";

/** Origin of in-process requests (what `fetch` puts in the request URL). */
const IN_PROCESS_ORIGIN = "http://127.0.0.1:8000";

/** The generated manifest, as the app's own `main.ts` uses it. */
export async function appManifest(): Promise<Manifest> {
  return (await import("../../fresh.gen.ts")).default as Manifest;
}

/**
 * The configuration of a test app: the app's own parser over `env`, with
 * development profile, silent logs and no background jobs unless `env` says
 * otherwise (`null` leaves a variable unset).
 */
export function testConfig(
  env: Record<string, string | null> = {},
): AppConfig {
  const merged: Record<string, string | undefined> = {
    APP_ENV: "development",
    LOG_LEVEL: "silent",
    JOBS: "off",
    PUBLIC_URL: TEST_ORIGIN,
    // The stand-ins sign with the CLI's well-known keys in tests, so test
    // clients can use them as supabase-js examples do.
    SUPABASE_JWT_SECRET: LOCAL_JWT_SECRET,
    SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
  };
  for (const [k, v] of Object.entries(env)) merged[k] = v ?? undefined;
  return loadConfig(merged);
}

/**
 * A database whose server is not there (a closed loopback port): for pages
 * that must render without one, and for outage behaviour. postgres.js
 * connects lazily, so opening it succeeds and every query fails.
 */
export function unreachableDb(): Promise<Db> {
  return openDb({ url: "postgres://nobody@127.0.0.1:9/none", max: 1 });
}

/**
 * `config` with the run's shared client-build directory (when the test
 * command set {@link BUNDLE_CACHE_ENV}), so every app with the same islands
 * and unchanged files reuses one esbuild build instead of making its own;
 * builds are reused within a test module either way.
 */
export function withBundleCache(config: FreshConfig): FreshConfig {
  const cacheDir = Deno.env.get(BUNDLE_CACHE_ENV);
  return cacheDir
    ? { ...config, build: { ...config.build, cacheDir } }
    : config;
}

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Variables for {@link testConfig}. */
  env?: Record<string, string | null>;
  db: Db;
  clock?: Clock;
  publicUrl?: string;
  /** The app's mailer (default: the configured one). */
  mailer?: Mailer;
  /** Edit the manifest first (e.g. add a test-only route). */
  editManifest?: (manifest: Manifest) => Manifest;
}

/** Builds an app's parts and handler without serving it. */
export async function buildApp(
  options: BuildAppOptions,
): Promise<
  { handler: AppHandler; parts: BuiltParts; freshConfig: FreshConfig }
> {
  const config = testConfig(options.env);
  const parts = await createParts(config, {
    db: options.db,
    clock: options.clock,
    publicUrl: options.publicUrl,
    mailer: options.mailer,
  });
  const manifest = await appManifest();
  const freshConfig = withBundleCache(await createApp(parts));
  const handler = await createHandler(
    (options.editManifest ?? ((m) => m))(manifest),
    freshConfig,
  );
  return { handler, parts, freshConfig };
}

/** Options of {@link startApp}. */
export interface StartAppOptions {
  /** Configuration variables (see {@link testConfig}); `null` unsets. */
  env?: Record<string, string | null>;
  /**
   * Also listen on a real HTTP server (127.0.0.1, a random port). Unless
   * `env` sets PUBLIC_URL, it is left unset and the app is told where it
   * listens through its own `onListen` (as `main.ts` serves it), so mailed
   * links, the auth stand-in and canonical links follow the real port.
   */
  serve?: boolean;
  /** The app's clock (default: the real one). */
  clock?: Clock;
  /** The app's mailer (default: the configured one, e.g. the dev mailbox). */
  mailer?: Mailer;
}

/** A running app wired to its own database. */
export interface TestApp {
  /** The database the routes use. */
  db: Db;
  /** Everything the app runs on (config, limiter, mailbox, caches…). */
  parts: BuiltParts;
  handler: AppHandler;
  /** The HTTP server's origin (`serve`), else the in-process origin. */
  url: string;
  /** Sends one request in process from `ip` (default 127.0.0.1). */
  fetch(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
  /** Stops the server and closes and drops the database. */
  dispose(): Promise<void>;
}

/**
 * How long a test server may take to finish its connections. A closed
 * browser's WebSocket can keep `shutdown()` waiting (seen about one run in
 * ten of the review e2e test, with no request in flight): after this the
 * test goes on and the database is dropped, which ends the socket's work.
 */
const SHUTDOWN_GRACE_MS = 3_000;

/** `server.shutdown()`, waited for at most `ms`. */
async function shutdownWithin(
  server: Deno.HttpServer<Deno.NetAddr>,
  ms: number,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((done) => {
    timer = setTimeout(done, ms);
  });
  try {
    await Promise.race([server.shutdown(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the real app against a fresh seeded database. */
export async function startApp(
  options: StartAppOptions = {},
): Promise<TestApp> {
  const test: TestDb = await freshTestDb({ seed: true, max: 20 });
  let server: Deno.HttpServer<Deno.NetAddr> | null = null;
  const ref: { handler?: AppHandler } = {};
  if (options.serve) {
    // The handler is built after its origin is known, so answer 503 until then.
    server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen: () => {} },
      (req, info) =>
        ref.handler
          ? ref.handler(req, info)
          : new Response("starting", { status: 503 }),
    );
  }
  const url = server
    ? `http://127.0.0.1:${server.addr.port}`
    : IN_PROCESS_ORIGIN;
  const dispose = async () => {
    if (server) await shutdownWithin(server, SHUTDOWN_GRACE_MS);
    await test.dispose();
  };
  try {
    const env = { ...options.env };
    if (server && !("PUBLIC_URL" in env)) env.PUBLIC_URL = null;
    const { handler, parts, freshConfig } = await buildApp({
      env,
      db: test.db,
      clock: options.clock,
      mailer: options.mailer,
    });
    if (server) {
      const onListen = freshConfig.server?.onListen as
        | ((addr: Deno.NetAddr) => void)
        | undefined;
      if (!onListen) throw new Error("createApp() set no server.onListen");
      onListen(server.addr);
    }
    ref.handler = handler;
    return {
      db: test.db,
      parts,
      handler,
      url,
      fetch(path, init = {}) {
        const { ip = "127.0.0.1", ...rest } = init;
        return handler(new Request(`${IN_PROCESS_ORIGIN}${path}`, rest), {
          remoteAddr: { hostname: ip, port: 40000, transport: "tcp" },
          completed: Promise.resolve(),
        });
      },
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
