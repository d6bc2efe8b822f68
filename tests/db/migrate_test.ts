/** The bootstrap + migration runner records history like the Supabase CLI. */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";
import {
  applyMigrations,
  bootstrapPlatform,
  createdExtension,
  listMigrations,
  listSeedFiles,
  openDb,
  type Sql,
} from "../../lib/db/mod.ts";
import { splitSql } from "../../lib/db/sql_split.ts";

/**
 * Migration history matches the files like the CLI's, re-running bootstrap
 * and migrations changes nothing, and the platform roles and publication exist.
 */
async function assertRecordedLikeCli(sql: Sql): Promise<void> {
  const files = await listMigrations();
  const rows = await sql<
    { version: string; name: string; statements: string[] }[]
  >`
      select version, name, statements from supabase_migrations.schema_migrations order by version`;
  assert.deepEqual(rows.map((r) => r.version), files.map((f) => f.version));
  assert.deepEqual(rows.map((r) => r.name), files.map((f) => f.name));
  for (const [i, f] of files.entries()) {
    assert.deepEqual(
      rows[i].statements,
      splitSql(await Deno.readTextFile(f.path)),
    );
  }
  await bootstrapPlatform(sql);
  assert.deepEqual(await applyMigrations(sql), []);
  const roles = await sql<
    { rolname: string; rolbypassrls: boolean; rolcanlogin: boolean }[]
  >`
      select rolname, rolbypassrls, rolcanlogin from pg_roles
      where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname`;
  assert.deepEqual(roles.map((r) => ({ ...r })), [
    { rolname: "anon", rolbypassrls: false, rolcanlogin: false },
    { rolname: "authenticated", rolbypassrls: false, rolcanlogin: false },
    { rolname: "authenticator", rolbypassrls: false, rolcanlogin: true },
    { rolname: "service_role", rolbypassrls: true, rolcanlogin: false },
  ]);
  const published = await sql<{ tablename: string }[]>`
      select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by 1`;
  assert.deepEqual(published.map((r) => r.tablename), [
    "booking_events",
    "booking_notes",
    "bookings",
    "contact_messages",
    "payments",
    "refunds_due",
  ]);
}

Deno.test("postgres: migrations are recorded like the CLI and re-running is a no-op", async () => {
  const t = await freshTestDb({ pglite: false });
  try {
    await assertRecordedLikeCli(t.db.sql);
  } finally {
    await t.dispose();
  }
});

Deno.test("a migration with an unavailable extension is applied without it; a failing one leaves no trace", async () => {
  const t = await freshTestDb({ pglite: false });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/29990101000000_remote_schema.sql`,
      `create extension if not exists "pg_net" with schema "extensions";\ncreate table public.t_ok (id int);`,
    );
    assert.deepEqual(await applyMigrations(t.db.sql, { dir }), [
      "29990101000000",
    ]);
    await Deno.writeTextFile(
      `${dir}/29990102000000_broken.sql`,
      `create table public.t_half (id int);\nselect no_such_function();`,
    );
    await assert.rejects(
      applyMigrations(t.db.sql, { dir }),
      /29990102000000_broken failed/,
    );
    const [row] = await t.db.sql`select to_regclass('public.t_half') as half,
      (select count(*)::int from supabase_migrations.schema_migrations where version = '29990102000000') as n`;
    assert.deepEqual({ ...row }, { half: null, n: 0 });
  } finally {
    await Deno.remove(dir, { recursive: true });
    await t.dispose();
  }
});

// The PGlite half of the history test runs on the database this test opens:
// each PGlite costs seconds to load and minutes to migrate in WASM.
Deno.test("embedded PGlite on disk: first open migrates (recorded like the CLI, re-running is a no-op) and seeds, reopening keeps data and seeds nothing twice", async () => {
  const dataDir = await Deno.makeTempDir();
  const countsSql =
    `select (select count(*)::int from public.locations) as locations,
    (select count(*)::int from public.customers) as customers`;
  try {
    const first = await openDb({ dataDir });
    assert.equal(first.kind, "pglite");
    await assertRecordedLikeCli(first.sql);
    await first.sql.unsafe(
      `insert into public.customers (email, name) values ('keep@example.com', 'Kept')`,
    );
    const [before] = await first.sql.unsafe(countsSql);
    await first.close();
    assert.equal(before.locations, 2);
    const again = await openDb({ dataDir });
    try {
      const [after] = await again.sql.unsafe(countsSql);
      assert.deepEqual({ ...after }, { ...before });
    } finally {
      await again.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("seed files follow config.toml: seed.sql, then seed/*.sql sorted", async () => {
  const files = (await listSeedFiles()).map((p) => p.split("/supabase/")[1]);
  assert.equal(files[0], "seed.sql");
  assert.deepEqual(files.slice(1), [...files.slice(1)].sort());
  assert.ok(files.slice(1).every((f) => /^seed\/[^/]+\.sql$/.test(f)));
});

Deno.test("splitSql and createdExtension respect quotes, dollar quotes and comments", () => {
  assert.deepEqual(
    splitSql(
      `select 'a;b'; -- c;\ncreate function f() returns int language sql as $$ select 1; $$; /* x; */ select "q;"`,
    ),
    [
      `select 'a;b'`,
      `-- c;\ncreate function f() returns int language sql as $$ select 1; $$`,
      `/* x; */ select "q;"`,
    ],
  );
  assert.deepEqual(splitSql("-- only a comment\n;  ;"), []);
  assert.equal(
    createdExtension(
      `create extension if not exists "pgjwt" with schema extensions`,
    ),
    "pgjwt",
  );
  assert.equal(createdExtension(`-- c\nCREATE EXTENSION pg_net`), "pg_net");
  assert.equal(createdExtension(`create table x (id int)`), null);
});
