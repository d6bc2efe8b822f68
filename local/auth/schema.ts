/**
 * Installs the auth stand-in's internal tables (`local/auth/schema.sql`).
 *
 * @module
 */
import type { Sql } from "postgres";

const SCHEMA_URL = new URL("./schema.sql", import.meta.url);
// Arbitrary constant: serialises concurrent starts of several app instances,
// because `create table if not exists` can still race in PostgreSQL.
const LOCK_KEY = 7_104_218_311;

let schemaText: Promise<string> | undefined;

/**
 * Creates the tables if missing. Idempotent; needs `auth.users` (platform
 * bootstrap) to exist first.
 */
export async function applyAuthSchema(sql: Sql): Promise<void> {
  schemaText ??= Deno.readTextFile(SCHEMA_URL);
  const text = await schemaText;
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx.unsafe(text);
  });
}
