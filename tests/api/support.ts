/**
 * The real app (fresh.gen.ts + fresh.config.ts) over a real, seeded test
 * database for API tests: in process through `createHandler`, or on a real
 * HTTP server on port 0.
 *
 * `getDb()` is pointed at the test database (a new PostgreSQL database via
 * `DATABASE_URL`; without PostgreSQL, a fresh on-disk PGlite via `DATA_DIR`),
 * so routes run exactly as in production.
 *
 * @module
 */
import { createHandler, type Manifest } from "$fresh/server.ts";
import { closeDb, type Db, getDb } from "../../lib/db/mod.ts";
import { setRateLimiter } from "../../lib/bookings/http.ts";
import { freshTestDb, type TestDb } from "../support/test_db.ts";

/** Seeded Fremont location id (supabase/seed.sql). */
export const FREMONT = "10000000-0000-4000-8000-000000000001";

type AppHandler = Awaited<ReturnType<typeof createHandler>>;

/** An app wired to its own database. */
export interface ApiApp {
  /** The database the routes use (the same `getDb()` they call). */
  db: Db;
  handler: AppHandler;
  /** Sends one request from `ip` (default 127.0.0.1). */
  fetch(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
  dispose(): Promise<void>;
}

const ENV_KEYS = [
  "DATABASE_URL",
  "DATA_DIR",
  "RATE_LIMITS",
  "PUBLIC_URL",
  "LOG_LEVEL",
];

/**
 * Starts the app against a fresh seeded database. `env` overrides
 * (e.g. `RATE_LIMITS`) are set before anything reads them and restored by
 * `dispose`.
 */
export async function startApi(
  env: Record<string, string> = {},
): Promise<ApiApp> {
  const saved = new Map(ENV_KEYS.map((k) => [k, Deno.env.get(k)]));
  await closeDb();
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
    dataDir = await Deno.makeTempDir({ prefix: "api_test_" });
    Deno.env.set("DATA_DIR", dataDir);
  }
  Deno.env.set("PUBLIC_URL", "https://myhibachi.test");
  Deno.env.set("LOG_LEVEL", Deno.env.get("LOG_LEVEL") ?? "silent");
  for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
  const db = await getDb();
  const manifest = (await import("../../fresh.gen.ts")).default as Manifest;
  const config = (await import("../../fresh.config.ts")).default;
  const handler = await createHandler(manifest, config);
  return {
    db,
    handler,
    fetch(path, init = {}) {
      const { ip = "127.0.0.1", ...rest } = init;
      return handler(new Request(`http://127.0.0.1:8000${path}`, rest), {
        remoteAddr: { hostname: ip, port: 40000, transport: "tcp" },
        completed: Promise.resolve(),
      });
    },
    async dispose() {
      await closeDb();
      setRateLimiter(null);
      if (test) await test.dispose();
      if (dataDir) {
        await Deno.remove(dataDir, { recursive: true }).catch(() => {});
      }
      for (const [k, v] of saved) {
        if (v === undefined) Deno.env.delete(k);
        else Deno.env.set(k, v);
      }
    },
  };
}

/** A JSON POST init. */
export function postJson(
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/** First date (YYYY-MM-DD) after `from` falling on ISO weekday `isoDow` (1 = Monday). */
export function nextIsoWeekday(isoDow: number, from: Date): string {
  const d = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()),
  );
  d.setUTCDate(d.getUTCDate() + 1);
  while (((d.getUTCDay() + 6) % 7) + 1 !== isoDow) {
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return d.toISOString().slice(0, 10);
}

/** A date `days` after today (UTC), YYYY-MM-DD. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid quote body: 10 adults (minimum spend exactly), two proteins each, Fremont ZIP. */
export function quoteBody(
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    adults: 10,
    children: 0,
    proteins: { chicken: 10, steak: 10 },
    zip: "94538",
    ...over,
  };
}

/** A valid booking body for `date`/`time`; `over` wins. */
export function bookingBody(
  date: string,
  time: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...quoteBody(),
    date,
    time,
    customer: {
      name: "Pat Customer",
      email: "pat@example.com",
      phone: "+1 510 555 0100",
    },
    address: { line1: "1 Main St", city: "Fremont", state: "CA", zip: "94538" },
    paymentMethod: "zelle",
    ...over,
  };
}

/** Rows in the tables a booking request may write. */
export async function writeCounts(db: Db): Promise<Record<string, number>> {
  const [r] = await db.sql<Record<string, number>[]>`select
    (select count(*)::int from public.bookings) as bookings,
    (select count(*)::int from public.holds) as holds,
    (select count(*)::int from public.customers) as customers,
    (select count(*)::int from public.booking_events) as booking_events,
    (select count(*)::int from public.audit_log) as audit_log`;
  return { ...r };
}
