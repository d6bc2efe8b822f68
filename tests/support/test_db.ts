/**
 * Fresh, bootstrapped and migrated databases for tests.
 *
 * Where they live, in order of preference:
 * 1. a new database `t_<random>` in the cluster of `DATABASE_URL`;
 * 2. a new database in a throwaway PostgreSQL 15 cluster started once per
 *    process (when initdb exists);
 * 3. an in-memory PGlite.
 *
 * @module
 */
import postgres from "postgres";
import { type Db, openDb } from "../../lib/db/mod.ts";
import { prepareDatabase } from "../../lib/db/migrate.ts";
import { canStartCluster, type Cluster, startCluster } from "./pg_cluster.ts";

/** A database owned by one test. */
export interface TestDb {
  /** The open database (postgres.js as the superuser/owner). */
  db: Db;
  /** postgres:// URL of this database (PGlite: the local socket URL). */
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

/** A new bootstrapped + migrated (+ optionally seeded) database. */
export async function freshTestDb(
  opts: FreshTestDbOptions = {},
): Promise<TestDb> {
  const admin = opts.pglite ? null : await adminUrl();
  if (!admin) {
    const db = await openDb({ migrate: false });
    await prepareDatabase(db.sql, { seed: opts.seed });
    return { db, url: "", kind: db.kind, dispose: () => db.close() };
  }
  const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await root.unsafe(`create database ${name}`);
  } finally {
    await root.end();
  }
  const url = withDatabase(admin, name);
  const db = await openDb({ url, migrate: false, max: opts.max });
  try {
    const setup = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await prepareDatabase(setup, { seed: opts.seed });
    } finally {
      await setup.end();
    }
  } catch (err) {
    await db.close();
    await dropDatabase(admin, name);
    throw err;
  }
  return {
    db,
    url,
    kind: "postgres",
    async dispose() {
      await db.close();
      await dropDatabase(admin, name);
    },
  };
}

async function dropDatabase(admin: string, name: string): Promise<void> {
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await root.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await root.end();
  }
}
