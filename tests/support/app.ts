/**
 * The one way tests start the real app (fresh.gen.ts + fresh.config.ts):
 * {@link buildAppHandler} builds the handler, {@link startApp} also points
 * `getDb()` at a fresh seeded database (a new PostgreSQL database through
 * `DATABASE_URL`; without PostgreSQL, an on-disk PGlite through `DATA_DIR`)
 * and optionally serves it over real HTTP, so routes run exactly as in
 * production. Every environment variable it sets is restored by `dispose`.
 *
 * @module
 */
import { createHandler, type Manifest } from "$fresh/server.ts";
import { closeDb, type Db, getDb } from "../../lib/db/mod.ts";
import { setRateLimiter } from "../../lib/bookings/http.ts";
import { freshTestDb, type TestDb } from "./test_db.ts";

/** The app's request handler. */
export type AppHandler = Awaited<ReturnType<typeof createHandler>>;

/** PUBLIC_URL of an app that is not served (no server origin to use). */
export const TEST_ORIGIN = "https://myhibachi.test";

/** Origin of in-process requests (what `fetch` puts in the request URL). */
const IN_PROCESS_ORIGIN = "http://127.0.0.1:8000";

/**
 * Builds the app's handler from the generated manifest and the app config;
 * `edit` may change the manifest first (e.g. add a test-only route). The
 * manifest returned is the app's own, unedited.
 */
export async function buildAppHandler(
  edit: (manifest: Manifest) => Manifest = (m) => m,
): Promise<{ handler: AppHandler; manifest: Manifest }> {
  const manifest = (await import("../../fresh.gen.ts")).default as Manifest;
  const config = (await import("../../fresh.config.ts")).default;
  const handler = await createHandler(edit(manifest), config);
  return { handler, manifest };
}

/** Options of {@link startApp}. */
export interface StartAppOptions {
  /**
   * Environment applied after the defaults (PUBLIC_URL, LOG_LEVEL=silent)
   * and before the database opens or the app is built; `null` unsets.
   */
  env?: Record<string, string | null>;
  /**
   * Also listen on a real HTTP server (127.0.0.1, port 0). PUBLIC_URL is
   * then that server's origin, because the auth stand-in and mailed links
   * are built from it.
   */
  serve?: boolean;
}

/** A running app wired to its own database. */
export interface TestApp {
  /** The database the routes use (the same `getDb()` they call). */
  db: Db;
  handler: AppHandler;
  /** The HTTP server's origin (`serve`), else the in-process origin. */
  url: string;
  /** Sends one request in process from `ip` (default 127.0.0.1). */
  fetch(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
  /** Stops the server, closes and drops the database, restores the env. */
  dispose(): Promise<void>;
}

/** Variables startApp always sets (or may set), restored by dispose. */
const OWN_KEYS = ["DATABASE_URL", "DATA_DIR", "PUBLIC_URL", "LOG_LEVEL"];

/**
 * Starts the real app against a fresh seeded database. Only one app runs at a
 * time per process: `getDb()` and the rate limiter are process-wide.
 */
export async function startApp(
  options: StartAppOptions = {},
): Promise<TestApp> {
  const env = options.env ?? {};
  const keys = new Set([...OWN_KEYS, ...Object.keys(env)]);
  const saved = new Map([...keys].map((k) => [k, Deno.env.get(k)]));
  const restoreEnv = () => {
    for (const [k, v] of saved) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  };
  await closeDb();
  // The limiter is built once from RATE_LIMITS: drop it so `env` applies.
  setRateLimiter(null);

  let test: TestDb | null = await freshTestDb({ seed: true, max: 20 });
  let dataDir: string | null = null;
  if (test.kind === "postgres") {
    Deno.env.set("DATABASE_URL", test.url);
  } else {
    // PGlite cannot be shared through a URL: let getDb() open its own.
    await test.dispose();
    test = null;
    Deno.env.delete("DATABASE_URL");
    dataDir = await Deno.makeTempDir({ prefix: "app_test_" });
    Deno.env.set("DATA_DIR", dataDir);
  }

  let server: Deno.HttpServer<Deno.NetAddr> | null = null;
  const ref: { handler?: AppHandler } = {};
  if (options.serve) {
    // The handler is built after PUBLIC_URL is known, so answer 503 until then.
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
  Deno.env.set("PUBLIC_URL", server ? url : TEST_ORIGIN);
  Deno.env.set("LOG_LEVEL", Deno.env.get("LOG_LEVEL") ?? "silent");
  for (const [k, v] of Object.entries(env)) {
    if (v === null) Deno.env.delete(k);
    else Deno.env.set(k, v);
  }

  const dispose = async () => {
    await server?.shutdown();
    await closeDb();
    setRateLimiter(null);
    if (test) await test.dispose();
    if (dataDir) {
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
    restoreEnv();
  };
  try {
    const db = await getDb();
    const { handler } = await buildAppHandler();
    ref.handler = handler;
    return {
      db,
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
