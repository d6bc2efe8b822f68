/**
 * Database checks run by the test command outside `deno test`: the pgTAP
 * suite through `pg_prove`, and the migrations applied by the real Supabase
 * CLI (`supabase db push --db-url`).
 *
 * @module
 */
import postgres from "postgres";
import { bootstrapPlatform, listMigrations } from "../../lib/db/migrate.ts";
import { createPreparedDatabase, withDatabase } from "./test_db.ts";

/** Counts of one check. */
export interface CheckTally {
  passed: number;
  failed: number;
  skipped: number;
}

/** The Supabase CLI version CI applies migrations with. */
export const SUPABASE_CLI = "supabase@2.117.0";

async function createDatabase(admin: string, name: string): Promise<string> {
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await root.unsafe(`drop database if exists ${name} with (force)`);
    await root.unsafe(`create database ${name}`);
  } finally {
    await root.end();
  }
  return withDatabase(admin, name);
}

async function dropDatabase(admin: string, name: string): Promise<void> {
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await root.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await root.end();
  }
}

async function commandExists(cmd: string): Promise<boolean> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `command -v ${cmd}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return out.success;
}

/** Counts TAP `ok` / `not ok` lines (pg_prove --verbose output). */
export function countTap(output: string): CheckTally {
  let passed = 0, failed = 0, skipped = 0;
  for (const line of output.split("\n")) {
    const m = line.match(/^\s*(not )?ok \d+/);
    if (!m) continue;
    if (/#\s*skip/i.test(line)) skipped++;
    else if (m[1]) failed++;
    else passed++;
  }
  return { passed, failed, skipped };
}

/**
 * Runs `supabase/tests/**\/*.test.sql` with pg_prove on a new seeded database
 * of the cluster at `admin` (a copy of the test databases' seeded template).
 * Each pgTAP assertion counts as one test; a file that dies before its plan
 * completes counts as one failure.
 */
export async function runPgTap(admin: string): Promise<CheckTally> {
  if (!(await commandExists("pg_prove"))) {
    console.log(
      "[test] SKIPPED pgTAP via pg_prove: pg_prove is not installed (apt: libtap-parser-sourcehandler-pgtap-perl)",
    );
    return { passed: 0, failed: 0, skipped: 1 };
  }
  const name = "pgtap_suite";
  await dropDatabase(admin, name);
  // A copy of the seeded template the test databases are made from.
  const url = await createPreparedDatabase(admin, name, true);
  try {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(
        "create extension if not exists pgtap with schema extensions",
      );
    } finally {
      await sql.end();
    }
    const u = new URL(url);
    const out = await new Deno.Command("pg_prove", {
      args: [
        "--verbose",
        "--ext",
        ".sql",
        "-r",
        "-h",
        u.hostname,
        "-p",
        u.port,
        "-U",
        decodeURIComponent(u.username) || "postgres",
        "-d",
        name,
        "supabase/tests",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const err = new TextDecoder().decode(out.stderr);
    const tally = countTap(text);
    if (!out.success) {
      console.log(
        text.split("\n").filter((l) => !/^\s*ok \d+/.test(l)).join("\n"),
      );
      console.log(err);
      // A file that aborted (or planned more than it ran) fails as a whole.
      if (tally.failed === 0) tally.failed = 1;
    }
    return tally;
  } finally {
    await dropDatabase(admin, name);
  }
}

/**
 * Applies the migrations and the seed files with the real Supabase CLI to a
 * new database that has only the platform bootstrap (what a Supabase project
 * already has), then checks that the CLI recorded every migration and that
 * the seeded year of bookings is there. One test.
 */
export async function runSupabaseCliPush(admin: string): Promise<CheckTally> {
  if (!(await commandExists("npx"))) {
    console.log("[test] SKIPPED supabase db push: npx is not installed");
    return { passed: 0, failed: 0, skipped: 1 };
  }
  const name = "supabase_cli_push";
  const url = await createDatabase(admin, name);
  try {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await bootstrapPlatform(sql);
    } finally {
      await sql.end();
    }
    const dbUrl = `${url}${url.includes("?") ? "&" : "?"}sslmode=disable`;
    const out = await new Deno.Command("npx", {
      args: [
        "-y",
        SUPABASE_CLI,
        "db",
        "push",
        "--db-url",
        dbUrl,
        "--include-all",
        "--include-seed",
        "--yes",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    const check = postgres(url, { max: 1, onnotice: () => {} });
    let recorded = 0;
    let bookings = 0;
    try {
      const [row] = await check<{ n: number }[]>`
        select count(*)::int as n from supabase_migrations.schema_migrations`;
      recorded = row.n;
      const [seeded] = await check<{ n: number }[]>`
        select count(*)::int as n from public.bookings`;
      bookings = seeded.n;
    } catch {
      // A push that stopped early leaves these tables missing: reported below.
    } finally {
      await check.end();
    }
    const expected = (await listMigrations()).length;
    if (out.success && recorded === expected && bookings >= 500) {
      console.log(
        `[test] ok supabase db push applied ${recorded} migrations and seeded ${bookings} bookings`,
      );
      return { passed: 1, failed: 0, skipped: 0 };
    }
    console.log(log);
    console.log(
      `[test] FAILED supabase db push: exit ${out.code}, recorded ${recorded} of ${expected} migrations, ${bookings} bookings seeded`,
    );
    return { passed: 0, failed: 1, skipped: 0 };
  } finally {
    await dropDatabase(admin, name);
  }
}
