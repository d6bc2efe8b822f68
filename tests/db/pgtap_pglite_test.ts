/**
 * The pgTAP suite (supabase/tests/database/*.test.sql) on PGlite, with the
 * pgTAP build of @electric-sql/pglite-pgtap. The same files run on
 * PostgreSQL 15 through pg_prove (tests/support/db_checks.ts).
 */
import assert from "node:assert/strict";
import { pgtap } from "@electric-sql/pglite-pgtap";
import { openDb, prepareDatabase } from "../../lib/db/mod.ts";

const DIR = new URL("../../supabase/tests/database/", import.meta.url);
const files = [...Deno.readDirSync(DIR)]
  .filter((e) => e.isFile && e.name.endsWith(".test.sql"))
  .map((e) => e.name)
  .sort();

/** TAP lines produced by one script run as a simple-protocol batch. */
function tapLines(results: unknown): string[] {
  const lines: string[] = [];
  const batches = Array.isArray(results) && results.every(Array.isArray)
    ? results
    : [results];
  for (const batch of batches as Record<string, unknown>[][]) {
    for (const row of batch) {
      const values = Object.values(row);
      if (values.length === 1 && typeof values[0] === "string") {
        lines.push(...values[0].split("\n"));
      }
    }
  }
  return lines;
}

// With a PostgreSQL server the test command already runs these files through
// pg_prove (tests/run.ts); the suite runs once, here only without one.
const viaPgProve = Boolean(Deno.env.get("DATABASE_URL"));

Deno.test({
  name: "pglite: pgTAP suite",
  ignore: viaPgProve,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(ctx) {
    assert.ok(files.length > 0, "pgTAP files exist");
    const db = await openDb({ migrate: false, pgliteExtensions: { pgtap } });
    try {
      await prepareDatabase(db.sql, { seed: true });
      await db.sql.unsafe(
        "create extension if not exists pgtap with schema extensions",
      );
      for (const file of files) {
        await ctx.step(file, async () => {
          const script = await Deno.readTextFile(new URL(file, DIR));
          const lines = tapLines(await db.sql.unsafe(script));
          const plan = lines.find((l) => /^1\.\.\d+$/.test(l));
          assert.ok(plan, `${file}: no plan line`);
          const planned = Number(plan.slice(3));
          const failed = lines.filter((l) => /^not ok \d+/.test(l));
          const passed = lines.filter((l) => /^ok \d+/.test(l));
          assert.deepEqual(
            failed,
            [],
            `${file}:\n${lines.filter((l) => l.startsWith("#")).join("\n")}`,
          );
          assert.equal(
            passed.length,
            planned,
            `${file}: ran ${passed.length} of ${planned}`,
          );
        });
      }
    } finally {
      await db.close();
    }
  },
});
