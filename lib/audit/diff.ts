/**
 * What changed in one audit row: its `details` as field-by-field before and
 * after. Rows of settings and menu changes carry `{before:{…}, after:{…}}`;
 * booking actions carry `{from, to}`; anything else has no diff.
 *
 * @module
 */

/** One changed field. */
export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields whose value differs between `details.before` and
 * `details.after` (keys of either, sorted), or the single `from` → `to`
 * change of a booking action; empty when the row holds no before/after.
 */
export function auditChanges(details: unknown): AuditChange[] {
  if (!isObject(details)) return [];
  const { before, after } = details;
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.filter((k) => !same(b[k], a[k]))
      .map((k) => ({ field: k, before: b[k] ?? null, after: a[k] ?? null }));
  }
  if ("from" in details || "to" in details) {
    if (same(details.from, details.to)) return [];
    return [{
      field: "value",
      before: details.from ?? null,
      after: details.to ?? null,
    }];
  }
  return [];
}

/** A value as the audit page shows it (JSON for objects and arrays). */
export function auditValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}
