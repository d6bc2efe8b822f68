/**
 * Applies the Supabase platform bootstrap, the CLI migration files and the
 * seed files to a database reached through postgres.js (PostgreSQL or PGlite
 * behind pglite-socket), recording history exactly like `supabase db push`.
 *
 * @module
 */
import type { Sql } from "postgres";
import { splitSql, stripComments } from "./sql_split.ts";

/** Repository root (two levels above this file). */
const ROOT = new URL("../../", import.meta.url);

/** Default `supabase/` folder of this repository. */
export const SUPABASE_DIR: URL = new URL("supabase/", ROOT);

/** Extensions Supabase ships but Debian/PGlite do not: their CREATE is skipped. */
export const UNAVAILABLE_EXTENSIONS: readonly string[] = [
  "pgjwt",
  "pg_graphql",
  "pg_net",
  "pgsodium",
  "supabase_vault",
];

/** One migration file. */
export interface MigrationFile {
  /** Leading digits of the file name, e.g. `20261125170000`. */
  version: string;
  /** The part after the first underscore, without `.sql`. */
  name: string;
  /** Absolute path. */
  path: string;
}

/** Read the platform bootstrap script. */
export async function readBootstrapSql(): Promise<string> {
  return await Deno.readTextFile(new URL("./bootstrap.sql", import.meta.url));
}

/**
 * Recreate the Supabase platform objects (roles, auth schema, publication,
 * history table). Idempotent. Retries a few times because roles are
 * cluster-wide: two databases of one cluster bootstrapping at once can race.
 */
export async function bootstrapPlatform(sql: Sql): Promise<void> {
  const script = await readBootstrapSql();
  for (let attempt = 1;; attempt++) {
    try {
      await sql.unsafe(script);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      const transient = code === "23505" || code === "XX000" ||
        code === "42710" || code === "40001" || code === "40P01";
      if (!transient || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** True when the database already has the bootstrap (history table exists). */
export async function isBootstrapped(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ ok: boolean }[]>`
    select to_regclass('supabase_migrations.schema_migrations') is not null
       and to_regprocedure('auth.uid()') is not null as ok`;
  return row.ok;
}

/** List `supabase/migrations/<digits>_<name>.sql` sorted by version. */
export async function listMigrations(
  dir: URL | string = new URL("migrations/", SUPABASE_DIR),
): Promise<MigrationFile[]> {
  const base = typeof dir === "string" ? dir : dir.pathname;
  const files: MigrationFile[] = [];
  for await (const entry of Deno.readDir(base)) {
    const m = /^(\d+)_(.+)\.sql$/.exec(entry.name);
    if (!entry.isFile || !m) continue;
    files.push({
      version: m[1],
      name: m[2],
      path: `${base.replace(/\/$/, "")}/${entry.name}`,
    });
  }
  // The CLI compares versions as strings of digits; equal length in practice.
  files.sort((a, b) => a.version.localeCompare(b.version));
  return files;
}

/** Name of the extension a `create extension` statement creates, else null. */
export function createdExtension(statement: string): string | null {
  const m =
    /^\s*create\s+extension\s+(?:if\s+not\s+exists\s+)?("?)([A-Za-z0-9_-]+)\1/i
      .exec(stripComments(statement));
  return m ? m[2].toLowerCase() : null;
}

/**
 * Apply pending migrations in version order, each file in one transaction
 * (like the CLI's single pipelined batch), recording version, name and
 * statements. Returns the versions applied now.
 */
export async function applyMigrations(
  sql: Sql,
  opts: { dir?: URL | string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const files = await listMigrations(opts.dir);
  const available = new Set(
    (await sql<{ name: string }[]>`select name from pg_available_extensions`)
      .map((r) => r.name),
  );
  const applied: string[] = [];
  for (const file of files) {
    const statements = splitSql(await Deno.readTextFile(file.path));
    const done = await sql.begin(async (tx) => {
      // Serialise concurrent runners on one database; re-check inside the lock.
      await tx`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`;
      const [seen] = await tx`
        select 1 from supabase_migrations.schema_migrations where version = ${file.version}`;
      if (seen) return false;
      for (const statement of statements) {
        const ext = createdExtension(statement);
        if (
          ext && (UNAVAILABLE_EXTENSIONS.includes(ext) || !available.has(ext))
        ) {
          opts.log?.(`skip unavailable extension ${ext} (${file.version})`);
          continue;
        }
        try {
          await tx.unsafe(statement);
        } catch (err) {
          throw new MigrationError(file, statement, err);
        }
      }
      // Arrays as JSON: with fetch_types off (PGlite) postgres.js cannot encode text[].
      await tx`
        insert into supabase_migrations.schema_migrations (version, name, statements)
        values (${file.version}, ${file.name},
          array(select jsonb_array_elements_text(${
        JSON.stringify(statements)
      }::text::jsonb)))`;
      return true;
    });
    if (done) {
      applied.push(file.version);
      opts.log?.(`applied ${file.version}_${file.name}`);
    }
  }
  return applied;
}

/** A migration statement failed; names the file and the statement. */
export class MigrationError extends Error {
  /** Wrap `cause` with the file and the start of the failing statement. */
  constructor(file: MigrationFile, statement: string, cause: unknown) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    super(
      `migration ${file.version}_${file.name} failed: ${msg}\n  in: ${
        statement.slice(0, 300)
      }`,
      { cause },
    );
    this.name = "MigrationError";
  }
}

/**
 * Seed files in the order of `[db.seed] sql_paths` of `supabase/config.toml`
 * (globs with `*` expand sorted), relative to the supabase folder.
 */
export async function listSeedFiles(
  supabaseDir: URL = SUPABASE_DIR,
): Promise<string[]> {
  let patterns = ["./seed.sql"];
  try {
    const toml = await Deno.readTextFile(new URL("config.toml", supabaseDir));
    const m = /\[db\.seed\][^[]*?sql_paths\s*=\s*\[([^\]]*)\]/s.exec(toml);
    if (m) patterns = [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const out: string[] = [];
  for (const pattern of patterns) {
    const rel = pattern.replace(/^\.\//, "");
    if (!rel.includes("*")) {
      const path = new URL(rel, supabaseDir).pathname;
      if (await exists(path)) out.push(path);
      continue;
    }
    const slash = rel.lastIndexOf("/");
    const dir =
      new URL(slash === -1 ? "./" : rel.slice(0, slash + 1), supabaseDir)
        .pathname;
    const re = new RegExp(
      "^" +
        rel.slice(slash + 1).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(
          /\*/g,
          ".*",
        ) + "$",
    );
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(dir)) {
        if (e.isFile && re.test(e.name)) names.push(e.name);
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    names.sort();
    for (const name of names) {
      if (!out.includes(dir + name)) out.push(dir + name);
    }
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** Run the seed files (each as one script in one transaction). */
export async function runSeeds(
  sql: Sql,
  opts: { files?: string[]; log?: (line: string) => void } = {},
): Promise<void> {
  for (const path of opts.files ?? await listSeedFiles()) {
    await sql.begin((tx) => tx.unsafe(Deno.readTextFileSync(path)));
    opts.log?.(`seeded ${path}`);
  }
}

/** Bootstrap when needed, then apply pending migrations; optionally seed. */
export async function prepareDatabase(
  sql: Sql,
  opts: { seed?: boolean; bootstrap?: boolean; log?: (line: string) => void } =
    {},
): Promise<string[]> {
  if (opts.bootstrap !== false) await bootstrapPlatform(sql);
  const applied = await applyMigrations(sql, { log: opts.log });
  if (opts.seed) await runSeeds(sql, { log: opts.log });
  return applied;
}

/**
 * Drop what migrations and seeds created so `prepareDatabase` can rebuild it:
 * schemas public, app, auth, realtime, supabase_migrations (cascade), then a
 * fresh empty `public`. Meant for local clusters and PGlite, never Supabase.
 */
export async function dropAppObjects(sql: Sql): Promise<void> {
  await sql.unsafe(`
    drop schema if exists app cascade;
    drop schema if exists public cascade;
    drop schema if exists auth cascade;
    drop schema if exists realtime cascade;
    drop schema if exists supabase_migrations cascade;
    create schema public;
    grant usage, create on schema public to public;
  `);
}
