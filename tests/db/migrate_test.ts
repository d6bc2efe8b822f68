import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";
import {
  applyMigrations,
  bootstrapPlatform,
  createdExtension,
  listMigrations,
} from "../../lib/db/mod.ts";

for (const pglite of [false, true]) {
  const label = pglite ? "pglite" : "postgres";

  Deno.test(`${label}: bootstrap + migrations are recorded like the CLI and re-running is a no-op`, async () => {
    const t = await freshTestDb({ pglite });
    try {
      const files = await listMigrations();
      const rows = await t.db.sql<
        { version: string; name: string; statements: string[] }[]
      >`
        select version, name, statements from supabase_migrations.schema_migrations order by version`;
      assert.deepEqual(rows.map((r) => r.version), files.map((f) => f.version));
      assert.deepEqual(rows.map((r) => r.name), files.map((f) => f.name));
      assert.ok(rows.every((r) => r.statements.length > 0));
      await bootstrapPlatform(t.db.sql);
      assert.deepEqual(await applyMigrations(t.db.sql), []);
      const [roles] = await t.db.sql<{ n: number }[]>`
        select count(*)::int as n from pg_roles
        where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')`;
      assert.equal(roles.n, 4);
      const [sr] = await t.db.sql<{ rolbypassrls: boolean }[]>`
        select rolbypassrls from pg_roles where rolname = 'service_role'`;
      assert.equal(sr.rolbypassrls, true);
    } finally {
      await t.dispose();
    }
  });
}

Deno.test("createdExtension recognises CREATE EXTENSION forms", () => {
  assert.equal(
    createdExtension(
      `create extension if not exists "pgjwt" with schema extensions`,
    ),
    "pgjwt",
  );
  assert.equal(createdExtension(`-- c\nCREATE EXTENSION pg_net`), "pg_net");
  assert.equal(createdExtension(`create table x (id int)`), null);
});
