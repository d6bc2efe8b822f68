/**
 * The change notice the `realtime.notify_change()` trigger sends on the
 * `realtime_changes` channel (supabase/migrations/*_realtime_notify.sql).
 *
 * @module
 */

/** NOTIFY channel the trigger publishes on. */
export const CHANGES_CHANNEL = "realtime_changes";

/** Kinds of row change Realtime reports. */
export type ChangeType = "INSERT" | "UPDATE" | "DELETE";

/** One row change, as small as NOTIFY's 8 kB limit requires. */
export interface ChangeNotice {
  schema: string;
  table: string;
  type: ChangeType;
  /** `YYYY-MM-DDTHH:MM:SS.mmmZ`, as Realtime formats it. */
  commit_timestamp: string;
  /** Primary-key columns of the row. */
  pk: Record<string, unknown>;
  /** Replica-identity columns before the change (UPDATE, DELETE), else null. */
  old_record: Record<string, unknown> | null;
}

const TYPES: ReadonlySet<string> = new Set(["INSERT", "UPDATE", "DELETE"]);

/** Parse a NOTIFY payload; null when it is not a well-formed notice. */
export function parseNotice(text: string): ChangeNotice | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== "object") return null;
  const n = raw as Record<string, unknown>;
  if (
    typeof n.schema !== "string" || typeof n.table !== "string" ||
    typeof n.type !== "string" || !TYPES.has(n.type) ||
    typeof n.commit_timestamp !== "string" || !isObject(n.pk) ||
    !(n.old_record === null || n.old_record === undefined ||
      isObject(n.old_record))
  ) {
    return null;
  }
  return {
    schema: n.schema,
    table: n.table,
    type: n.type as ChangeType,
    commit_timestamp: n.commit_timestamp,
    pk: n.pk,
    old_record: (n.old_record as Record<string, unknown> | undefined) ?? null,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
