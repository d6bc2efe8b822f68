/**
 * `deno task db:migrate` and `deno task db:reset` for `DATABASE_URL`, or for
 * the embedded PGlite under `${DATA_DIR:-.data}/pglite` when it is unset.
 *
 * - migrate: bootstrap the platform objects when missing, apply pending migrations.
 * - reset: drop app schemas (or the PGlite directory), then bootstrap, migrate, seed.
 *
 * Never point `reset` at a real Supabase project: use `supabase db reset` there.
 *
 * @module
 */
import postgres from "postgres";
import { dropAppObjects, prepareDatabase } from "./migrate.ts";
import { openDb } from "./mod.ts";
import { loadConfig } from "../config/mod.ts";

const log = (line: string) => console.log(line);

async function main(command: string | undefined): Promise<void> {
  if (command !== "migrate" && command !== "reset") {
    console.error("usage: deno run -A lib/db/cli.ts migrate|reset");
    Deno.exit(2);
  }
  const config = loadConfig();
  const url = config.databaseUrl;
  if (url) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      if (command === "reset") await dropAppObjects(sql);
      const applied = await prepareDatabase(sql, {
        seed: command === "reset",
        log,
      });
      log(`${applied.length} migration(s) applied`);
    } finally {
      await sql.end();
    }
    return;
  }
  const dataDir = `${config.dataDir}/pglite`;
  if (command === "reset") {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
  // Opening the embedded database bootstraps, migrates and (when new) seeds it.
  const db = await openDb({ dataDir, migrate: true, log });
  await db.close();
  log(`PGlite ready at ${dataDir}`);
}

if (import.meta.main) await main(Deno.args[0]);
