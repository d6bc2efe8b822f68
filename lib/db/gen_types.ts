/**
 * `deno task db:types`: writes lib/db/schema.gen.ts, one interface per table
 * of schema `public` plus the runtime `COLUMN_NULLABILITY` map, read from the
 * catalog of a migrated database.
 *
 * Source database: an in-memory PGlite, bootstrapped and migrated (no seeds),
 * unless `DATABASE_URL` is set; then that database is read as it is (it must
 * have every migration applied: `deno task db:migrate` first).
 *
 * Type mapping (what postgres.js returns through lib/db):
 * `date` → "YYYY-MM-DD" string, `timestamptz`/`timestamp` → Date,
 * `numeric`/`bigint` → string, `smallint`/`integer`/`real`/`double` → number,
 * `json`/`jsonb` → Json (not null itself), arrays → arrays, enum types → a union of their
 * labels, domains → their base type, text-like types (uuid, citext, time, …)
 * → string, NULL-able columns → `| null`. Check constraints do not narrow:
 * lib/db/types.ts refines such columns by hand. An unmapped type is an error,
 * so a new column type gets a deliberate mapping here.
 *
 * The output is deterministic (tables sorted by name, columns in table order)
 * and formatted by `deno fmt`; tests/db/types_test.ts regenerates it and fails
 * when the committed file is stale.
 *
 * @module
 */
import type { Sql } from "postgres";
import { listMigrations, prepareDatabase } from "./migrate.ts";
import { openDb } from "./mod.ts";
import { loadConfig } from "../config/mod.ts";

/** Where `deno task db:types` writes. */
export const SCHEMA_GEN_PATH: URL = new URL("./schema.gen.ts", import.meta.url);

/** TypeScript type of each scalar PostgreSQL type (by `pg_type.typname`). */
const SCALAR_TYPES: Readonly<Record<string, string>> = {
  bool: "boolean",
  int2: "number",
  int4: "number",
  float4: "number",
  float8: "number",
  oid: "number",
  int8: "string",
  numeric: "string",
  money: "string",
  text: "string",
  varchar: "string",
  bpchar: "string",
  name: "string",
  citext: "string",
  uuid: "string",
  date: "string",
  time: "string",
  timetz: "string",
  interval: "string",
  inet: "string",
  cidr: "string",
  macaddr: "string",
  timestamp: "Date",
  timestamptz: "Date",
  // A NOT NULL column still admits a JSON `null` value; the schema's checks
  // (jsonb_typeof = 'object') rule it out where it matters, so it is not typed.
  json: "NonNullable<Json>",
  jsonb: "NonNullable<Json>",
};

interface ColumnInfo {
  table_name: string;
  table_comment: string | null;
  column_name: string;
  column_comment: string | null;
  sql_type: string;
  type_oid: number;
  nullable: boolean;
}

interface TypeInfo {
  oid: number;
  nspname: string;
  typname: string;
  typtype: string;
  typelem: number;
  typbasetype: number;
  typcategory: string;
}

/** A table as read from the catalog. */
interface TableInfo {
  name: string;
  comment: string | null;
  columns: {
    name: string;
    comment: string | null;
    sql: string;
    ts: string;
    nullable: boolean;
  }[];
}

/** Source text of lib/db/schema.gen.ts for the database behind `sql`. */
export async function generateSchemaTypes(sql: Sql): Promise<string> {
  const columns = await sql<ColumnInfo[]>`
    select c.relname::text as table_name,
           obj_description(c.oid, 'pg_class') as table_comment,
           a.attname::text as column_name,
           col_description(c.oid, a.attnum) as column_comment,
           format_type(a.atttypid, a.atttypmod) as sql_type,
           a.atttypid::int as type_oid,
           not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as nullable
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    join pg_catalog.pg_attribute a
      on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_catalog.pg_type t on t.oid = a.atttypid
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname collate "C", a.attnum`;
  const types = new Map<number, TypeInfo>();
  for (
    const t of await sql<TypeInfo[]>`
      select t.oid::int as oid, n.nspname::text as nspname,
             t.typname::text as typname, t.typtype::text as typtype,
             t.typelem::int as typelem, t.typbasetype::int as typbasetype,
             t.typcategory::text as typcategory
      from pg_catalog.pg_type t
      join pg_catalog.pg_namespace n on n.oid = t.typnamespace`
  ) types.set(t.oid, t);
  const labels = new Map<number, string[]>();
  for (
    const e of await sql<{ enumtypid: number; enumlabel: string }[]>`
      select enumtypid::int as enumtypid, enumlabel::text as enumlabel
      from pg_catalog.pg_enum order by enumtypid, enumsortorder`
  ) {
    let list = labels.get(e.enumtypid);
    if (!list) labels.set(e.enumtypid, list = []);
    list.push(e.enumlabel);
  }

  const enums = new Map<string, string>();
  const tsType = (oid: number, where: string): string => {
    const t = types.get(oid);
    if (!t) throw new Error(`${where}: type oid ${oid} not in pg_type`);
    if (t.typtype === "d") return tsType(t.typbasetype, where);
    if (t.typtype === "e") {
      const name = `${pascal(t.typname)}Enum`;
      enums.set(name, (labels.get(oid) ?? []).map(quote).join(" | "));
      return name;
    }
    if (t.typcategory === "A" && t.typelem !== 0) {
      const elem = tsType(t.typelem, where);
      return /^\w+$/.test(elem) ? `${elem}[]` : `Array<${elem}>`;
    }
    const mapped = SCALAR_TYPES[t.typname];
    if (!mapped) {
      throw new Error(
        `${where}: no TypeScript mapping for type ${t.nspname}.${t.typname}; add one to SCALAR_TYPES in lib/db/gen_types.ts`,
      );
    }
    return mapped;
  };

  const tables: TableInfo[] = [];
  for (const c of columns) {
    let table = tables.at(-1);
    if (table?.name !== c.table_name) {
      table = { name: c.table_name, comment: c.table_comment, columns: [] };
      tables.push(table);
    }
    table.columns.push({
      name: c.column_name,
      comment: c.column_comment,
      sql: c.sql_type,
      ts: tsType(c.type_oid, `public.${c.table_name}.${c.column_name}`),
      nullable: c.nullable,
    });
  }
  return await denoFmt(render(tables, enums));
}

function render(tables: TableInfo[], enums: Map<string, string>): string {
  const out: string[] = [];
  out.push(
    "/**",
    " * GENERATED by `deno task db:types` (lib/db/gen_types.ts) from the migrated",
    " * schema: do not edit. tests/db/types_test.ts fails when it is stale.",
    " * Hand-written refinements (status unions, JSON shapes) live in lib/db/types.ts.",
    " *",
    " * @module",
    " */",
    "",
    "/** JSON value (`json`/`jsonb` columns). */",
    "export type Json = string | number | boolean | null | Json[] | {",
    "  [key: string]: Json;",
    "};",
    "",
    "/** For each column: true when the TS type admits null. */",
    "export type NullMap<T> = { [K in keyof T]-?: null extends T[K] ? true : false };",
    "",
  );
  for (const name of [...enums.keys()].sort(compare)) {
    out.push(
      `/** Enum type \`${name}\`. */`,
      `export type ${name} = ${enums.get(name)};`,
      "",
    );
  }
  for (const t of tables) {
    const doc = t.comment ? `: ${oneLine(t.comment)}` : "";
    out.push(`/** \`public.${t.name}\`${doc} */`);
    out.push(`export interface ${typeName(t.name)} {`);
    for (const c of t.columns) {
      const comment = c.comment ? ` ${oneLine(c.comment)}` : "";
      out.push(`  /** \`${c.sql}\`${comment} */`);
      out.push(`  ${key(c.name)}: ${c.ts}${c.nullable ? " | null" : ""};`);
    }
    out.push("}", "");
  }
  out.push("/** Row type of every table, by table name. */");
  out.push("export interface GeneratedTables {");
  for (const t of tables) out.push(`  ${key(t.name)}: ${typeName(t.name)};`);
  out.push("}", "");
  out.push(
    "/** Every table's columns and whether each admits NULL, at runtime. */",
    "export const COLUMN_NULLABILITY: {",
    "  [T in keyof GeneratedTables]: NullMap<GeneratedTables[T]>;",
    "} = {",
  );
  for (const t of tables) {
    out.push(`  ${key(t.name)}: {`);
    for (const c of t.columns) out.push(`    ${key(c.name)}: ${c.nullable},`);
    out.push("  },");
  }
  out.push("};", "");
  return out.join("\n");
}

/** Interface name of a table: `chef_time_off` → `ChefTimeOffTable`. */
export function typeName(table: string): string {
  return `${pascal(table)}Table`;
}

function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) =>
    p[0].toUpperCase() + p.slice(1)
  ).join("");
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").replaceAll("*/", "*\\/").trim();
}

/** Code-point order: independent of the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Format TypeScript source with this Deno's `deno fmt` (project defaults). */
async function denoFmt(source: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ts", "-"],
    cwd: new URL("../../", import.meta.url),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(`deno fmt failed: ${new TextDecoder().decode(stderr)}`);
  }
  return new TextDecoder().decode(stdout);
}

/** Versions of migration files not recorded in the database behind `sql`. */
async function pendingMigrations(sql: Sql): Promise<string[]> {
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass('supabase_migrations.schema_migrations') is not null as exists`;
  const applied = new Set(
    table.exists
      ? (await sql<{ version: string }[]>`
          select version from supabase_migrations.schema_migrations`)
        .map((r) => r.version)
      : [],
  );
  return (await listMigrations()).map((m) => m.version).filter((v) =>
    !applied.has(v)
  );
}

async function main(): Promise<void> {
  const url = loadConfig().databaseUrl ?? undefined;
  const db = await openDb(url ? { url, max: 1 } : { migrate: false });
  try {
    if (url) {
      const pending = await pendingMigrations(db.sql);
      if (pending.length) {
        throw new Error(
          `DATABASE_URL lacks migration(s) ${
            pending.join(", ")
          }: run \`deno task db:migrate\` first (or unset DATABASE_URL to use an in-memory PGlite)`,
        );
      }
    } else {
      await prepareDatabase(db.sql, { seed: false });
    }
    const text = await generateSchemaTypes(db.sql);
    const path = SCHEMA_GEN_PATH.pathname;
    const before = await Deno.readTextFile(SCHEMA_GEN_PATH).catch(() => null);
    if (before === text) {
      console.log(`${path} is up to date`);
    } else {
      await Deno.writeTextFile(SCHEMA_GEN_PATH, text);
      console.log(`wrote ${path}`);
    }
  } finally {
    await db.close();
  }
}

if (import.meta.main) await main();
