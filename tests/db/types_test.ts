/** lib/db/types.ts agrees with the migrated schema (names and nullability). */
import assert from "node:assert/strict";
import { COLUMN_NULLABILITY } from "../../lib/db/types.ts";
import { freshTestDb } from "../support/test_db.ts";

Deno.test("row types match information_schema.columns of every public table", async () => {
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
    assert.deepEqual(
      Object.keys(actual).sort(),
      Object.keys(COLUMN_NULLABILITY).sort(),
    );
    for (const [table, columns] of Object.entries(COLUMN_NULLABILITY)) {
      assert.deepEqual(actual[table], columns, `columns of ${table}`);
    }
  } finally {
    await t.dispose();
  }
});
