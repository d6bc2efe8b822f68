/**
 * Fresh, bootstrapped and migrated databases for tests.
 *
 * Where they live, in order of preference:
 * 1. a new database `t_<random>` in the cluster of `DATABASE_URL`;
 * 2. a new database in a throwaway PostgreSQL 15 cluster started once per
 *    process (when initdb exists);
 * 3. an in-memory PGlite.
 *
 * Preparing a database (bootstrap, migrations, seeds) is done once and then
 * copied: on PostgreSQL into a template database named after a hash of the
 * bootstrap, migration and seed files (`t_tpl_<hash>`, reused across runs
 * until those files change), on PGlite into a data-directory tarball kept per
 * process.
 *
 * @module
 */
import postgres from "postgres";
import type { Extensions } from "@electric-sql/pglite";
import { type Db, openDb } from "../../lib/db/mod.ts";
import {
  listMigrations,
  listSeedFiles,
  prepareDatabase,
  readBootstrapSql,
} from "../../lib/db/migrate.ts";
import { startPglite } from "../../lib/db/pglite.ts";
import { canStartCluster, type Cluster, startCluster } from "./pg_cluster.ts";
import { BUNDLE_CACHE_ENV } from "./bundle_cache.ts";

/** A database owned by one test. */
export interface TestDb {
  /** The open database (postgres.js as the superuser/owner). */
  db: Db;
  /** postgres:// URL of this database ("" for PGlite). */
  url: string;
  /** Engine. */
  kind: Db["kind"];
  /** Close connections and drop the database. */
  dispose(): Promise<void>;
}

/** Options of {@link freshTestDb}. */
export interface FreshTestDbOptions {
  /** Also run supabase/seed.sql (and seed/*.sql). Default false. */
  seed?: boolean;
  /** Force PGlite even when PostgreSQL is available. */
  pglite?: boolean;
  /** postgres.js pool size (PostgreSQL only; default 10). */
  max?: number;
  /** Extra PGlite extensions, e.g. pgTAP (PGlite only). */
  pgliteExtensions?: Extensions;
}

let cluster: Promise<Cluster> | null = null;

/** URL of the admin database tests create their databases in, or null for PGlite. */
export async function adminUrl(): Promise<string | null> {
  const env = Deno.env.get("DATABASE_URL");
  if (env) return env;
  if (!canStartCluster()) return null;
  cluster ??= startCluster();
  return (await cluster).url;
}

/** Replace the database name in a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** sha256 (hex, 16 chars) over everything that shapes a prepared database. */
async function schemaHash(seed: boolean): Promise<string> {
  const parts = [await readBootstrapSql()];
  for (const m of await listMigrations()) {
    parts.push(m.version, await Deno.readTextFile(m.path));
  }
  if (seed) {
    for (const f of await listSeedFiles()) {
      parts.push(f, await Deno.readTextFile(f));
    }
  }
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(parts.join("\0")),
  );
  return [...new Uint8Array(digest)].slice(0, 8).map((b) =>
    b.toString(16).padStart(2, "0")
  ).join("");
}

function randomName(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
}

async function withRoot<T>(
  admin: string,
  fn: (sql: postgres.Sql) => Promise<T>,
): Promise<T> {
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    return await fn(root);
  } finally {
    await root.end();
  }
}

const pgTemplates = new Map<string, Promise<string>>();

/** Name of a ready template database for `seed`, building it when missing. */
function pgTemplate(admin: string, seed: boolean): Promise<string> {
  const key = `${admin}|${seed}`;
  let p = pgTemplates.get(key);
  if (!p) {
    p = buildPgTemplate(admin, seed);
    pgTemplates.set(key, p);
    p.catch(() => pgTemplates.delete(key));
  }
  return p;
}

async function buildPgTemplate(admin: string, seed: boolean): Promise<string> {
  const name = `t_tpl_${await schemaHash(seed)}${seed ? "_seed" : ""}`;
  const exists = await withRoot(
    admin,
    (root) => root`select 1 from pg_database where datname = ${name}`,
  );
  if (exists.length) return name;
  // Build under a private name and rename when complete, so a template is
  // never seen half-prepared and concurrent builders do not collide.
  const tmp = randomName("t_build_");
  await withRoot(admin, (root) => root.unsafe(`create database ${tmp}`));
  try {
    const sql = postgres(withDatabase(admin, tmp), {
      max: 1,
      onnotice: () => {},
    });
    try {
      await prepareDatabase(sql, { seed });
    } finally {
      await sql.end();
    }
    await withRoot(
      admin,
      (root) => root.unsafe(`alter database ${tmp} rename to ${name}`),
    );
  } catch (err) {
    await withRoot(
      admin,
      (root) => root.unsafe(`drop database if exists ${tmp} with (force)`),
    );
    // Another process finished the same template first: use theirs.
    if ((err as { code?: string }).code !== "42P04") throw err;
  }
  return name;
}

const pgliteTemplates = new Map<boolean, Promise<Blob>>();

/** A PGlite data-directory tarball, bootstrapped + migrated (+ seeded). */
function pgliteTemplate(seed: boolean): Promise<Blob> {
  let p = pgliteTemplates.get(seed);
  if (!p) {
    p = (async (): Promise<Blob> => {
      // The run's cache directory (tests/run.ts) keeps the tarball for the
      // other test modules: building it runs every migration in WASM.
      const dir = Deno.env.get(BUNDLE_CACHE_ENV);
      const file = dir
        ? `${dir}/pglite-${await schemaHash(seed)}-${seed}.tar`
        : "";
      if (!file) return await buildPgliteTemplate(seed);
      return await sharedFile(file, async () => {
        const blob = await buildPgliteTemplate(seed);
        return new Uint8Array(await blob.arrayBuffer());
      }).then((bytes) => new Blob([bytes]));
    })();
    pgliteTemplates.set(seed, p);
    p.catch(() => pgliteTemplates.delete(seed));
  }
  return p;
}

/** How long a module waits for another module's template before building its own. */
const SHARED_BUILD_WAIT_MS = 10 * 60_000;

/**
 * The bytes of `file`, built by `build` in exactly one of the run's test
 * modules: the first to create `file.lock` builds and renames the result into
 * place; the others wait for the file to appear (a file-system event, not a
 * timer) instead of running the same minute-long WASM build beside it. A
 * builder that failed removes its lock, and a waiter then builds itself.
 */
async function sharedFile(
  file: string,
  build: () => Promise<Uint8Array<ArrayBuffer>>,
): Promise<Uint8Array<ArrayBuffer>> {
  const kept = await Deno.readFile(file).catch(() => null);
  if (kept) return kept;
  const lock = `${file}.lock`;
  const owner = await Deno.open(lock, { createNew: true, write: true })
    .then((f) => (f.close(), true), () => false);
  if (!owner) {
    return await waitForFile(file, lock, SHARED_BUILD_WAIT_MS) ??
      await build();
  }
  try {
    const bytes = await build();
    const tmp = `${file}.${crypto.randomUUID()}.tmp`;
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, file);
    return bytes;
  } finally {
    await Deno.remove(lock).catch(() => {});
  }
}

/**
 * Waits until `file` exists (its bytes) or `lock` is gone without it, or
 * `timeoutMs` passes (null for both).
 */
async function waitForFile(
  file: string,
  lock: string,
  timeoutMs: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const dir = file.slice(0, file.lastIndexOf("/"));
  const watcher = Deno.watchFs(dir, { recursive: false });
  const timer = setTimeout(() => watcher.close(), timeoutMs);
  // undefined: still building.
  const check = async (): Promise<
    Uint8Array<ArrayBuffer> | null | undefined
  > => {
    const bytes = await Deno.readFile(file).catch(() => null);
    if (bytes) return bytes;
    return await Deno.stat(lock).then(() => undefined, () => null);
  };
  try {
    // Checked once the watcher exists, so a rename in between is not missed.
    const first = await check();
    if (first !== undefined) return first;
    for await (const _ of watcher) {
      const now = await check();
      if (now !== undefined) return now;
    }
    return null;
  } finally {
    clearTimeout(timer);
    try {
      watcher.close();
    } catch {
      // Already closed by the timeout.
    }
  }
}

/**
 * Bootstraps, migrates (and seeds) a new PGlite; returns its data directory.
 * The seeded one starts from the unseeded template (both are needed in a
 * run): running the migrations in WASM is the larger part of a build.
 */
async function buildPgliteTemplate(seed: boolean): Promise<Blob> {
  const server = await startPglite(
    undefined,
    {},
    seed ? await pgliteTemplate(false) : undefined,
  );
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  try {
    await prepareDatabase(sql, { seed });
  } finally {
    await sql.end();
  }
  try {
    return await server.pg.dumpDataDir("none");
  } finally {
    await server.close();
  }
}

/**
 * Makes sure the cluster at `admin` has the prepared template database for
 * `seed` (built once; reused by every later test database and process).
 */
export async function ensureTemplate(
  admin: string,
  seed: boolean,
): Promise<void> {
  await pgTemplate(admin, seed);
}

/**
 * Creates database `name` in the cluster at `admin` as a copy of the
 * prepared template (bootstrapped, migrated, `seed`ed); returns its URL.
 */
export async function createPreparedDatabase(
  admin: string,
  name: string,
  seed: boolean,
): Promise<string> {
  const template = await pgTemplate(admin, seed);
  await withRoot(admin, async (root) => {
    for (let attempt = 1;; attempt++) {
      try {
        // FILE_COPY copies the template's files whole, faster here than
        // PostgreSQL 15's default of logging every block (fsync is off).
        await root.unsafe(
          `create database ${name} template ${template} strategy file_copy`,
        );
        break;
      } catch (err) {
        // 55006: the template is briefly in use (e.g. another process checking it).
        if ((err as { code?: string }).code !== "55006" || attempt >= 20) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
    // Per-database settings are not copied from templates.
    await root.unsafe(
      `alter database ${name} set search_path = "$user", public, extensions`,
    );
  });
  return withDatabase(admin, name);
}

/** A new bootstrapped + migrated (+ optionally seeded) database. */
export async function freshTestDb(
  opts: FreshTestDbOptions = {},
): Promise<TestDb> {
  const seed = opts.seed ?? false;
  const admin = opts.pglite ? null : await adminUrl();
  if (!admin) {
    const db = await openDb({
      migrate: false,
      pgliteLoadDataDir: await pgliteTemplate(seed),
      pgliteExtensions: opts.pgliteExtensions,
    });
    // The tarball keeps roles and tables, not the session's search_path.
    await db.sql.unsafe(
      `select set_config('search_path', '"$user", public, extensions', false)`,
    );
    return { db, url: "", kind: db.kind, dispose: () => db.close() };
  }
  const name = randomName("t_");
  const url = await createPreparedDatabase(admin, name, seed);
  const db = await openDb({ url, migrate: false, max: opts.max });
  return {
    db,
    url,
    kind: "postgres",
    async dispose() {
      await db.close();
      await withRoot(
        admin,
        (root) => root.unsafe(`drop database if exists ${name} with (force)`),
      );
    },
  };
}
