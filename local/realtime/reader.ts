/**
 * Re-reads changed rows as one subscriber identity, so Row Level Security
 * and column privileges decide what a subscriber sees (what Realtime's
 * `apply_rls.sql` does with WAL records).
 *
 * One read-only transaction per identity and batch: a column query per table
 * (cached per role) and one row query per table, whatever the number of
 * notices.
 *
 * @module
 */
import {
  type Claims,
  type Db,
  type TransactionSql,
  withClaims,
} from "../../lib/db/mod.ts";
import type { ChangeNotice } from "./notice.ts";

/** A column as Realtime lists it: name and `pg_type.typname`. */
export interface Column {
  name: string;
  type: string;
}

/** What one identity may see of one change. */
export interface RowView {
  /** The row as re-read (INSERT, UPDATE); null for DELETE. */
  record: Record<string, unknown> | null;
  /** Replica-identity columns before the change (UPDATE, DELETE), else null. */
  old_record: Record<string, unknown> | null;
  /** Columns the identity may select, in table order. */
  columns: Column[];
}

/** Column lists per (role, table); privileges change rarely, so a short TTL. */
export class ColumnsCache {
  #entries = new Map<string, { at: number; columns: Column[] }>();
  constructor(readonly ttlMs = 10_000) {}

  /** Cached columns of `rel` for `role`, if fresh. */
  get(role: string, rel: string): Column[] | undefined {
    const hit = this.#entries.get(`${role}\u0000${rel}`);
    if (!hit || Date.now() - hit.at > this.ttlMs) return undefined;
    return hit.columns;
  }

  /** Remember the columns of `rel` for `role`. */
  set(role: string, rel: string, columns: Column[]): void {
    this.#entries.set(`${role}\u0000${rel}`, { at: Date.now(), columns });
  }
}

/**
 * For each notice, what the identity `claims` may see, or null when the row
 * is hidden from it (RLS, privileges, or the row no longer exists).
 */
export async function readAsSubscriber(
  db: Db,
  claims: Claims,
  notices: readonly ChangeNotice[],
  cache: ColumnsCache,
): Promise<(RowView | null)[]> {
  const role = String(claims.role);
  return await withClaims(db, claims, async (tx) => {
    const rels = [...new Set(notices.map(relName))];
    const columns = new Map<string, Column[]>();
    await Promise.all(rels.map(async (rel) => {
      let cols = cache.get(role, rel);
      if (!cols) {
        cols = await selectableColumns(tx, rel);
        cache.set(role, rel, cols);
      }
      columns.set(rel, cols);
    }));

    // Row reads, one query per table, for notices whose key the role can see.
    const records = new Map<number, Record<string, unknown> | null>();
    const byRel = new Map<string, number[]>();
    notices.forEach((n, i) => {
      if (n.type === "DELETE") return;
      const cols = columns.get(relName(n))!;
      if (!Object.keys(n.pk).every((k) => cols.some((c) => c.name === k))) {
        return;
      }
      const list = byRel.get(relName(n)) ?? [];
      list.push(i);
      byRel.set(relName(n), list);
    });
    await Promise.all([...byRel].map(async ([rel, indexes]) => {
      const first = notices[indexes[0]];
      const rows = await readRows(
        tx,
        first,
        columns.get(rel)!,
        indexes.map((i) => notices[i].pk),
      );
      indexes.forEach((noticeIndex, k) => records.set(noticeIndex, rows[k]));
    }));

    return notices.map((n, i) => {
      const cols = columns.get(relName(n))!;
      if (cols.length === 0) return null;
      const old = n.old_record ? pick(n.old_record, cols) : null;
      if (n.type === "DELETE") {
        // Like Realtime: deletes skip RLS and carry only selectable identity columns.
        return old && Object.keys(old).length > 0
          ? { record: null, old_record: old, columns: cols }
          : null;
      }
      const record = records.get(i) ?? null;
      if (!record) return null;
      return {
        record,
        old_record: n.type === "UPDATE" ? old ?? {} : null,
        columns: cols,
      };
    });
  }, { readOnly: true });
}

function relName(n: ChangeNotice): string {
  return `${ident(n.schema)}.${ident(n.table)}`;
}

/** Quote an identifier (names come from the catalog via the trigger). */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function pick(
  row: Record<string, unknown>,
  cols: Column[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of cols) if (c.name in row) out[c.name] = row[c.name];
  return out;
}

async function selectableColumns(
  tx: TransactionSql,
  rel: string,
): Promise<Column[]> {
  const rows = await tx.unsafe<Column[]>(
    `select a.attname::text as name, t.typname::text as type
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_type t on t.oid = a.atttypid
      where a.attrelid = pg_catalog.to_regclass($1)
        and a.attnum > 0 and not a.attisdropped
        and pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT')
      order by a.attnum`,
    [rel],
  );
  return rows.map((r) => ({ name: r.name, type: r.type }));
}

/** Rows by primary key as the current role; null where RLS hides a row. */
async function readRows(
  tx: TransactionSql,
  notice: ChangeNotice,
  cols: Column[],
  keys: Record<string, unknown>[],
): Promise<(Record<string, unknown> | null)[]> {
  const rel = relName(notice);
  const list = cols.map((c) => `t.${ident(c.name)}`).join(", ");
  // jsonb_populate_record types each key value as its column, so the
  // comparison can use the primary-key index.
  const match = Object.keys(notice.pk)
    .map((k) =>
      `t.${ident(k)} = (pg_catalog.jsonb_populate_record(null::${rel}, e.pk)).${
        ident(k)
      }`
    )
    .join(" and ");
  const rows = await tx.unsafe<
    { n: number; record: Record<string, unknown> | null }[]
  >(
    `select e.n::int as n,
            (select pg_catalog.to_jsonb(r) from (select ${list} from ${rel} t where ${match}) r) as record
       from pg_catalog.jsonb_array_elements($1::text::jsonb) with ordinality as e(pk, n)
      order by e.n`,
    [JSON.stringify(keys)],
  );
  return rows.map((r) =>
    typeof r.record === "string" ? JSON.parse(r.record) : r.record
  );
}
