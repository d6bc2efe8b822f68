/**
 * lib/db/schema.gen.ts is what `deno task db:types` generates from the
 * migrated schema today, so the row types cannot drift from the database.
 */
import assert from "node:assert/strict";
import {
  generateSchemaTypes,
  SCHEMA_GEN_PATH,
} from "../../lib/db/gen_types.ts";
import { COLUMN_NULLABILITY } from "../../lib/db/types.ts";
import { freshTestDb } from "../support/test_db.ts";

Deno.test("lib/db/schema.gen.ts is up to date with the migrations", async () => {
  const t = await freshTestDb();
  let generated: string;
  try {
    generated = await generateSchemaTypes(t.db.sql);
  } finally {
    await t.dispose();
  }
  const committed = await Deno.readTextFile(SCHEMA_GEN_PATH);
  assert.ok(
    committed === generated,
    "lib/db/schema.gen.ts is stale: run `deno task db:types` and commit the result",
  );
});

Deno.test("COLUMN_NULLABILITY covers every public table and column", async () => {
  const t = await freshTestDb();
  try {
    const rows = await t.db.sql<
      { table_name: string; column_name: string; is_nullable: string }[]
    >`
      select c.table_name, c.column_name, c.is_nullable
      from information_schema.columns c
      join information_schema.tables tb
        on tb.table_schema = c.table_schema and tb.table_name = c.table_name
      where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`;
    const actual: Record<string, Record<string, boolean>> = {};
    for (const r of rows) {
      (actual[r.table_name] ??= {})[r.column_name] = r.is_nullable === "YES";
    }
    assert.deepEqual(actual, COLUMN_NULLABILITY);
  } finally {
    await t.dispose();
  }
});
