/**
 * The one database access path of the application: postgres.js, against
 * PostgreSQL (`DATABASE_URL`) or embedded PGlite served on a local socket.
 *
 * Request code runs inside {@link withClaims} so Row Level Security decides
 * what each caller sees, the way PostgREST does it. {@link privileged} is the
 * explicit, rare escape hatch (webhooks, jobs).
 *
 * @module
 */
import postgres from "postgres";
import type { ISql, Sql, TransactionSql } from "postgres";
import { prepareDatabase } from "./migrate.ts";
import type { Extensions } from "@electric-sql/pglite";
import { startPglite } from "./pglite.ts";
import { inSpan } from "../observability/tracing.ts";

export type { Sql, TransactionSql };

/**
 * What statements are built on: the pool, a transaction or a reserved
 * connection (postgres.js's common base of the three).
 */
export type Queryable = ISql;

/** Which engine sits behind `sql`. */
export type DbKind = "postgres" | "pglite";

/** An open database. */
export interface Db {
  /** postgres.js client. Runs as the connecting role (owner): use withClaims for requests. */
  sql: Sql;
  /** Engine behind `sql`. */
  kind: DbKind;
  /**
   * LISTEN on `channel`; `cb` receives each NOTIFY payload. Resolves to an
   * unlisten function. On PostgreSQL the listening connection is re-opened
   * after it drops (database restart, terminated backend), retrying with
   * backoff until it listens again; `events` hears about both moments.
   * Notifications sent while it was down are lost (NOTIFY is not queued).
   */
  listen(
    channel: string,
    cb: (payload: string) => void,
    events?: ListenEvents,
  ): Promise<() => Promise<void>>;
  /** Close connections (and PGlite, when embedded). */
  close(): Promise<void>;
}

/** What a {@link Db.listen} caller hears about its connection. */
export interface ListenEvents {
  /** The listening connection dropped; notifications may be missed. */
  onLost?: () => void;
  /** LISTEN is in place again after a drop. */
  onRestored?: () => void;
}

/**
 * Column types shared by every client: SQL `date` stays a "YYYY-MM-DD"
 * string (event dates are calendar days in the location's zone; a JS Date at
 * UTC midnight invites off-by-one-day bugs).
 */
const TYPES = {
  date: {
    to: 1082,
    from: [1082],
    serialize: (x: unknown) =>
      x instanceof Date ? x.toISOString().slice(0, 10) : String(x),
    parse: (x: string) => x,
  },
};

/** Options of {@link openDb}. */
export interface OpenDbOptions {
  /** PostgreSQL URL. Without it PGlite is used. */
  url?: string;
  /** PGlite data directory; in memory when omitted (PGlite only). */
  dataDir?: string;
  /**
   * Bootstrap + apply pending migrations on open (seed too when the database
   * was empty). Default: true for PGlite, false for PostgreSQL.
   */
  migrate?: boolean;
  /** postgres.js pool size for PostgreSQL (default 10). PGlite always uses 1. */
  max?: number;
  /** Log lines of migration progress. */
  log?: (line: string) => void;
  /** Extra PGlite extension bundles (e.g. pgTAP for tests). PGlite only. */
  pgliteExtensions?: Extensions;
  /** Start PGlite from a `dumpDataDir()` tarball (test templates). PGlite only. */
  pgliteLoadDataDir?: Blob;
}

/** Open a database; see {@link OpenDbOptions}. */
export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.url) return await openPostgres(opts.url, opts);
  return await openEmbedded(opts);
}

async function openPostgres(url: string, opts: OpenDbOptions): Promise<Db> {
  if (opts.migrate) {
    // A dedicated connection: the pool opened below then sees the database's
    // search_path set by the bootstrap.
    const setup = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const fresh = !(await hasHistory(setup));
      await prepareDatabase(setup, { seed: fresh, log: opts.log });
    } finally {
      await setup.end();
    }
  }
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    types: TYPES,
  });
  // Listeners hold connections of their own: close() ends them too.
  const listeners = new Set<() => Promise<void>>();
  return {
    sql,
    kind: "postgres",
    async listen(channel, cb, events) {
      const stop = await listenWithReconnect(url, channel, cb, events);
      const unlisten = async () => {
        listeners.delete(unlisten);
        await stop();
      };
      listeners.add(unlisten);
      return unlisten;
    },
    async close() {
      await Promise.all([...listeners].map((unlisten) => unlisten()));
      await sql.end({ timeout: 5 });
    },
  };
}

/** Backoff between re-listen attempts: 100 ms doubling up to 5 s. */
const RELISTEN_MIN_MS = 100;
const RELISTEN_MAX_MS = 5_000;

/**
 * LISTEN on a connection of its own that is re-opened after it drops.
 * postgres.js's `sql.listen` re-listens once on close and gives up silently
 * when the server is still down at that moment (a restart), so the channel
 * would stay deaf for good.
 */
async function listenWithReconnect(
  url: string,
  channel: string,
  cb: (payload: string) => void,
  events: ListenEvents = {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let lost = false;
  let attempting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = RELISTEN_MIN_MS;
  const options = {
    max: 1,
    idle_timeout: null,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    onnotify: (c: string, payload: string) => {
      if (c === channel) cb(payload);
    },
    onclose: () => {
      if (stopped || attempting) return;
      if (!lost) {
        lost = true;
        events.onLost?.();
      }
      schedule();
    },
  };
  // `onnotify`/`onclose` and the null lifetimes (never recycle this
  // connection) are postgres.js options its typings do not allow.
  const conn = postgres(
    url,
    options as unknown as Parameters<typeof postgres>[1],
  );
  const listenSql = `listen ${quoteIdent(channel)}`;
  const schedule = () => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(attempt, delay);
    delay = Math.min(delay * 2, RELISTEN_MAX_MS);
  };
  const attempt = async () => {
    timer = undefined;
    if (stopped) return;
    attempting = true;
    try {
      await conn.unsafe(listenSql);
      delay = RELISTEN_MIN_MS;
      if (lost && !stopped) {
        lost = false;
        events.onRestored?.();
      }
    } catch {
      schedule();
    } finally {
      attempting = false;
    }
  };
  try {
    await conn.unsafe(listenSql);
  } catch (err) {
    stopped = true;
    await conn.end({ timeout: 0 });
    throw err;
  }
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await conn.end({ timeout: 1 });
  };
}

async function openEmbedded(opts: OpenDbOptions): Promise<Db> {
  const server = await startPglite(
    opts.dataDir,
    opts.pgliteExtensions,
    opts.pgliteLoadDataDir,
  );
  // PGlite's own listen() never sees NOTIFYs issued through the socket: the
  // backend writes them into the socket client's output stream. So LISTEN on
  // our (single) connection and dispatch what postgres.js parses.
  const listeners = new Map<string, Set<(payload: string) => void>>();
  // One connection: pglite-socket shares one session between clients, so
  // transaction-local settings of concurrent clients would mix.
  // `onnotify` is a postgres.js connection option missing from its typings,
  // hence the options object is not passed as a literal.
  const options = {
    max: 1,
    // One connection, so postgres.js may fetch array types at connect (without
    // them text[]/smallint[] would arrive as "{…}" strings).
    onnotice: () => {},
    types: TYPES,
    onnotify: (channel: string, payload: string) => {
      for (const cb of listeners.get(channel) ?? []) cb(payload);
    },
  };
  const sql = postgres(server.url, options);
  try {
    if (opts.migrate !== false) {
      const fresh = !(await hasHistory(sql));
      await prepareDatabase(sql, { seed: fresh, log: opts.log });
    }
  } catch (err) {
    await sql.end();
    await server.close();
    throw err;
  }
  return {
    sql,
    kind: "pglite",
    async listen(channel, cb) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await sql.unsafe(`listen ${quoteIdent(channel)}`);
      }
      set.add(cb);
      return async () => {
        const current = listeners.get(channel);
        if (!current?.delete(cb) || current.size > 0) return;
        listeners.delete(channel);
        await sql.unsafe(`unlisten ${quoteIdent(channel)}`);
      };
    },
    async close() {
      await sql.end({ timeout: 5 });
      await server.close();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** True when migrations were recorded before (the database is not new). */
async function hasHistory(sql: Sql): Promise<boolean> {
  // Two statements: a query naming a missing table fails at parse time, even
  // inside a CASE branch that would not run.
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass('supabase_migrations.schema_migrations') is not null as exists`;
  if (!table.exists) return false;
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from supabase_migrations.schema_migrations`;
  return row.n > 0;
}

/** The database settings of an app's configuration. */
export interface DbSettings {
  /** PostgreSQL URL; null = embedded PGlite under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Migrate a PostgreSQL database on open (PGlite always migrates). */
  dbAutoMigrate: boolean;
  /** Pool size for `databaseUrl` (default {@link openDb}'s). */
  dbPoolMax?: number;
}

/**
 * Opens the database an app is configured for: `databaseUrl` when set, else
 * PGlite on disk under `${dataDir}/pglite`, bootstrapped, migrated and seeded
 * on first open.
 */
export function openConfiguredDb(
  settings: DbSettings,
  opts: Omit<OpenDbOptions, "url" | "dataDir" | "migrate"> = {},
): Promise<Db> {
  return settings.databaseUrl
    ? openDb({
      ...opts,
      url: settings.databaseUrl,
      migrate: settings.dbAutoMigrate,
      max: settings.dbPoolMax ?? opts.max,
    })
    : openDb({ ...opts, dataDir: `${settings.dataDir}/pglite`, migrate: true });
}

/** Verified JWT claims (as in the access token), or null for anonymous callers. */
export type Claims =
  & { sub?: string; role?: string; email?: string }
  & Record<string, unknown>;

/** API roles a request may run as. */
const API_ROLES = new Set(["anon", "authenticated", "service_role"]);

/** Options of {@link withClaims}. */
export interface WithClaimsOptions {
  /** Run the transaction READ ONLY (PostgREST does this for GET/HEAD). */
  readOnly?: boolean;
  /**
   * More transaction-local settings (e.g. `plan_cache_mode`), set with the
   * claims. Names are code constants, never request input.
   */
  settings?: Readonly<Record<string, string>>;
}

/** The database role of `claims`; throws for one a request may not take. */
function claimsRole(claims: Claims | null): string {
  const role = claims ? String(claims.role ?? "authenticated") : "anon";
  if (!API_ROLES.has(role)) {
    throw new Error(`withClaims: refusing role "${role}"`);
  }
  return role;
}

/**
 * The statement that makes a transaction the caller's, the PostgREST way:
 * role from the `role` claim (anon when `claims` is null),
 * `request.jwt.claims` as JSON with `role` forced in, legacy
 * `request.jwt.claim.sub`/`.role`, `search_path` = public, extensions, and
 * `settings`. Every setting is transaction-local. Built, not sent.
 */
function claimsStatement(
  sql: Queryable,
  claims: Claims | null,
  settings: Readonly<Record<string, string>> = {},
) {
  const role = claimsRole(claims);
  const full = { ...(claims ?? {}), role };
  const sub = typeof full.sub === "string" ? full.sub : "";
  const extra = Object.entries(settings);
  return sql`select
      set_config('role', ${role}, true),
      set_config('request.jwt.claims', ${JSON.stringify(full)}, true),
      set_config('request.jwt.claim.sub', ${sub}, true),
      set_config('request.jwt.claim.role', ${role}, true),
      set_config('search_path', 'public, extensions', true)
      ${
    extra.length
      ? extra.map(([k, v]) => sql`, set_config(${k}, ${v}, true)`)
      : sql``
  }`;
}

function transactionSpan(db: Db, role: string, readOnly: boolean) {
  return {
    "db.system": db.kind === "pglite" ? "pglite" : "postgresql",
    "db.role": role,
    "db.read_only": readOnly,
  };
}

/**
 * Run `fn(tx)` in one transaction as the caller described by `claims`
 * (see {@link claimsStatement}). All settings are transaction-local, so
 * pooled connections stay clean. For reads whose statements are known up
 * front, {@link readBatch} costs one round trip instead of three.
 */
export async function withClaims<T>(
  db: Db,
  claims: Claims | null,
  fn: (tx: TransactionSql) => Promise<T>,
  opts: WithClaimsOptions = {},
): Promise<T> {
  // Checked before a connection is taken: a refused role sends nothing.
  const role = claimsRole(claims);
  const run = async (tx: TransactionSql) => {
    await claimsStatement(tx, claims, opts.settings);
    return await fn(tx);
  };
  const result = await inSpan(
    "db.transaction",
    transactionSpan(db, role, opts.readOnly === true),
    () => opts.readOnly ? db.sql.begin("read only", run) : db.sql.begin(run),
  );
  return result as T;
}

/**
 * A statement built and not yet sent (a postgres.js query is sent when it is
 * executed or awaited).
 */
export type UnsentStatement = PromiseLike<unknown> & {
  execute(): PromiseLike<unknown>;
};

/** The rows each statement of a {@link readBatch} answers, in order. */
export type BatchRows<Q extends readonly UnsentStatement[]> = {
  -readonly [K in keyof Q]: Awaited<Q[K]>;
};

/**
 * A read-only transaction as the caller (like {@link withClaims} with
 * `readOnly`), sent in one round trip (ADR 0062): `begin read only`, the
 * claims, the statements `build` returns and `commit` go out together on a
 * reserved connection. `build` returns its statements unsent and built on the
 * `sql` it is given (postgres.js sends a query when it is executed, awaited
 * or given a `then`/`catch`); anything else is refused. `begin` and the
 * claims are sent before `build` runs, so a statement the builder sends
 * itself still runs in the read-only transaction as the caller; a builder
 * that throws gets a `rollback`.
 *
 * The rows are returned only when every part succeeded, `begin` first, and
 * `commit` answered COMMIT. If `begin` failed, the statements after it ran
 * outside a transaction as the connection's owner; if `commit` answered
 * ROLLBACK, a statement failed and postgres.js re-sent it after the `commit`
 * (it does so for a prepared statement whose result type changed). Either
 * way what they read is thrown away. A statement that writes fails in every
 * batch whose `begin` succeeded, so no working read path contains one.
 *
 * Parameters must be defined and serializable: postgres.js reports a
 * parameter it cannot serialize against the statement in flight, which
 * leaves the pipeline out of step (ADR 0062).
 */
export async function readBatch<
  const Q extends readonly UnsentStatement[],
>(
  db: Db,
  claims: Claims | null,
  build: (sql: Queryable) => Q,
  opts: Pick<WithClaimsOptions, "settings"> = {},
): Promise<BatchRows<Q>> {
  const role = claimsRole(claims);
  return await inSpan(
    "db.transaction",
    transactionSpan(db, role, true),
    async () => {
      const conn = await db.sql.reserve();
      let lost = false;
      try {
        // `begin` and the claims are sent first, so whatever the builder
        // itself sends runs after them: in the transaction, as the caller.
        const claimed = claimsStatement(conn, claims, opts.settings);
        const opening = [conn.unsafe("begin read only"), claimed]
          .map((part) => part.execute());
        let reads: Q;
        try {
          reads = build(conn);
          refuseForeign(claimed, reads);
        } catch (err) {
          const closed = await inOrder([
            ...opening,
            conn.unsafe("rollback").execute(),
          ]);
          lost = closed.lost;
          throw err;
        }
        const { answers, failure, lost: gone } = await inOrder([
          ...opening,
          ...reads.map((read) => read.execute()),
          conn.unsafe("commit").execute(),
        ]);
        lost = gone;
        if (failure) throw failure.reason;
        const end = (answers.at(-1) as { command?: string }).command;
        if (end !== "COMMIT") {
          throw new Error(`readBatch: the transaction ended with ${end}`);
        }
        return answers.slice(2, -1) as BatchRows<Q>;
      } finally {
        // A closed connection is not handed back (postgres.js would put it
        // in its open queue); the pool opens a new one when it needs one.
        if (!lost) conn.release();
      }
    },
  );
}

/**
 * The answers of a batch's parts, read in send order. Every part is handled
 * at once; reading stops at a lost connection, as the parts still queued on
 * it never settle.
 */
async function inOrder(parts: readonly PromiseLike<unknown>[]): Promise<{
  answers: unknown[];
  failure: { reason: unknown } | null;
  lost: boolean;
}> {
  for (const part of parts) part.then(undefined, () => {});
  const answers: unknown[] = [];
  let failure: { reason: unknown } | null = null;
  for (const part of parts) {
    try {
      answers.push(await part);
    } catch (err) {
      failure ??= { reason: err };
      if (connectionLost(err)) return { answers, failure, lost: true };
    }
  }
  return { answers, failure, lost: false };
}

/**
 * Throws unless every statement of a batch is unsent and built on the
 * batch's connection (the claims statement `own` is both). Reads
 * postgres.js's `Query` fields `executed` and `handler` (3.4.x); if they
 * are ever missing, every batch fails here rather than trusting a statement.
 */
function refuseForeign(
  own: UnsentStatement,
  reads: readonly UnsentStatement[],
): void {
  const handler = (own as { handler?: unknown }).handler;
  if (typeof handler !== "function") {
    throw new Error(
      "readBatch: cannot tell which connection a statement is on",
    );
  }
  // Any already sent get a handler first: a refusal must not leave one
  // rejecting unhandled (that ends the process).
  for (const read of reads) {
    if ((read as { executed?: boolean }).executed) {
      read.then(undefined, () => {});
    }
  }
  for (const read of reads) {
    const q = read as { executed?: boolean; handler?: unknown };
    if (q.executed || q.handler !== handler) {
      throw new Error(
        "readBatch: build must return unsent statements built on its sql",
      );
    }
  }
}

/**
 * Whether an error means the connection is gone or out of step, rather than
 * an answer of the server. postgres.js rejects what was in flight on a closed
 * socket with its own errors (`CONNECTION_CLOSED`, …), and a parameter it
 * cannot serialize with a plain one; only a server's answer is a
 * `PostgresError`, and after one the connection is still in step.
 */
function connectionLost(err: unknown): boolean {
  return !(err instanceof postgres.PostgresError);
}

/**
 * Run `fn(tx)` as `service_role` (BYPASSRLS). Explicit and rare: Stripe
 * webhooks, scheduled jobs, seeding. Never for code reachable by a visitor's
 * input without its own authorisation check.
 */
export async function privileged<T>(
  db: Db,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  return await withClaims(db, { role: "service_role" }, fn);
}

export {
  applyMigrations,
  bootstrapPlatform,
  createdExtension,
  listMigrations,
  listSeedFiles,
  prepareDatabase,
  runSeeds,
} from "./migrate.ts";
