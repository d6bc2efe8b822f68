/**
 * Fans change notices out to `postgres_changes` subscriptions.
 *
 * Notices are processed in arrival (commit) order, in batches: everything
 * that arrived while the previous batch was being read forms the next one.
 * Subscriptions are grouped by identical claims, and each group re-reads the
 * batch's rows once ({@link readAsSubscriber}), so 200 subscribers with the
 * same token cost one transaction per batch, not 200 queries per change.
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import {
  type ColumnTypes,
  matchesFilter,
  type RowCondition,
} from "./filters.ts";
import type { ChangeNotice, ChangeType } from "./notice.ts";
import { ColumnsCache, readAsSubscriber, type RowView } from "./reader.ts";
import type { RealtimeClaims } from "./token.ts";

/** One `postgres_changes` entry of a channel's join config. */
export interface Binding {
  /** The numeric id echoed in the join reply and sent in `ids`. */
  id: number;
  event: "*" | ChangeType;
  /** Schema name, or `*` for every schema. */
  schema: string;
  /** Table name; null (or `*`) for every table of the schema. */
  table: string | null;
  conditions: RowCondition[];
}

/** A joined channel with postgres_changes bindings. */
export interface Subscription {
  claims: RealtimeClaims;
  bindings: Binding[];
  /**
   * Deliver one change: `ids` are the matching binding ids and `dataJson`
   * is the serialized `data` object (shared between subscribers).
   */
  deliver(ids: number[], dataJson: string): void;
}

/** Options of {@link ChangeFanout}. */
export interface FanoutOptions {
  /** Called when a group's read fails; defaults to console.error. */
  onError?: (error: unknown) => void;
}

/** Delivers notices to subscriptions; see the module doc. */
export class ChangeFanout {
  #subs = new Set<Subscription>();
  #queue: ChangeNotice[] = [];
  #draining: Promise<void> | null = null;
  #cache = new ColumnsCache();
  #onError: (error: unknown) => void;

  constructor(readonly db: Db, opts: FanoutOptions = {}) {
    this.#onError = opts.onError ??
      ((e) => console.error("realtime: read failed:", e));
  }

  /** Start delivering to `sub` (also used after its claims change). */
  add(sub: Subscription): void {
    this.#subs.add(sub);
  }

  /** Stop delivering to `sub`. */
  remove(sub: Subscription): void {
    this.#subs.delete(sub);
  }

  /** Number of active subscriptions. */
  get size(): number {
    return this.#subs.size;
  }

  /** Queue a notice; delivery happens asynchronously, in order. */
  enqueue(notice: ChangeNotice): void {
    this.#queue.push(notice);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
  }

  /** Resolves when every queued notice has been processed. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      try {
        await this.#process(batch);
      } catch (e) {
        this.#onError(e);
      }
    }
  }

  async #process(batch: ChangeNotice[]): Promise<void> {
    // Candidates per notice (schema/table/event match; filters need the row).
    // Claims are captured now: a token refresh mid-batch applies from the
    // next batch on.
    const candidates = batch.map((n) =>
      [...this.#subs]
        .filter((s) => s.bindings.some((b) => bindingCovers(b, n)))
        .map((sub) => ({ sub, key: claimsKey(sub.claims), claims: sub.claims }))
    );
    const groups = new Map<
      string,
      { claims: RealtimeClaims; indexes: number[] }
    >();
    candidates.forEach((subs, i) => {
      const seen = new Set<string>();
      for (const { key, claims } of subs) {
        if (seen.has(key)) continue;
        seen.add(key);
        const g = groups.get(key) ?? { claims, indexes: [] };
        g.indexes.push(i);
        groups.set(key, g);
      }
    });

    const views = new Map<string, Map<number, RowView | null>>();
    await Promise.all([...groups].map(async ([key, g]) => {
      const seen = new Map<number, RowView | null>();
      views.set(key, seen);
      try {
        const read = await readAsSubscriber(
          this.db,
          g.claims,
          g.indexes.map((i) => batch[i]),
          this.#cache,
        );
        g.indexes.forEach((noticeIndex, k) => seen.set(noticeIndex, read[k]));
      } catch (e) {
        this.#onError(e);
      }
    }));

    batch.forEach((notice, i) => {
      const dataJson = new Map<RowView, string>();
      for (const { sub, key } of candidates[i]) {
        if (!this.#subs.has(sub)) continue; // left while the rows were read
        const view = views.get(key)?.get(i);
        if (!view) continue;
        const ids = matchingIds(sub.bindings, notice, view);
        if (ids.length === 0) continue;
        let json = dataJson.get(view);
        if (json === undefined) {
          json = JSON.stringify(changeData(notice, view));
          dataJson.set(view, json);
        }
        sub.deliver(ids, json);
      }
    });
  }
}

/** The claims of one identity; identical tokens give identical keys. */
const keys = new WeakMap<RealtimeClaims, string>();
function claimsKey(claims: RealtimeClaims): string {
  let key = keys.get(claims);
  if (key === undefined) {
    key = JSON.stringify(claims);
    keys.set(claims, key);
  }
  return key;
}

/** Does `b` listen to this table and event (ignoring row filters)? */
export function bindingCovers(b: Binding, n: ChangeNotice): boolean {
  return (b.event === "*" || b.event === n.type) &&
    (b.schema === "*" || b.schema === n.schema) &&
    (b.table === null || b.table === "*" || b.table === n.table);
}

/** Ids of the bindings that match the change as this subscriber sees it. */
export function matchingIds(
  bindings: readonly Binding[],
  n: ChangeNotice,
  view: RowView,
): number[] {
  const row = n.type === "DELETE" ? view.old_record : view.record;
  const types: ColumnTypes = new Map(view.columns.map((c) => [c.name, c.type]));
  const ids: number[] = [];
  for (const b of bindings) {
    if (!bindingCovers(b, n)) continue;
    if (
      b.conditions.length > 0 &&
      !(row && matchesFilter(b.conditions, row, types))
    ) continue;
    if (!ids.includes(b.id)) ids.push(b.id);
  }
  return ids;
}

/** The `data` object of a `postgres_changes` push. */
export function changeData(
  n: ChangeNotice,
  view: RowView,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    schema: n.schema,
    table: n.table,
    commit_timestamp: n.commit_timestamp,
    type: n.type,
    columns: view.columns,
    errors: null,
  };
  if (n.type !== "DELETE") data.record = view.record;
  if (n.type !== "INSERT") data.old_record = view.old_record ?? {};
  return data;
}
