/**
 * `postgres_changes` row filters (`location_id=eq.<uuid>`, `a=in.(1,2)`,
 * `status=not.eq.cancelled`, conditions joined by commas as AND), parsed
 * once at join time and evaluated against each re-read row.
 *
 * Values are compared by the column's PostgreSQL type (from the change's
 * `columns` list), the way Realtime casts the filter value to the column type.
 *
 * @module
 */

/** Operators realtime-js's filter builder can produce. */
export type FilterOp =
  | "eq"
  | "neq"
  | "lt"
  | "lte"
  | "gt"
  | "gte"
  | "in"
  | "like"
  | "ilike"
  | "match"
  | "imatch"
  | "is"
  | "isdistinct";

/** One parsed `column=[not.]op.value` condition. */
export interface RowCondition {
  column: string;
  op: FilterOp;
  negate: boolean;
  /** Scalar operand; for `in` the list of operands. `null` means SQL NULL. */
  value: string | null | (string | null)[];
}

const OPS: ReadonlySet<string> = new Set([
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "like",
  "ilike",
  "match",
  "imatch",
  "is",
  "isdistinct",
]);

/**
 * Parse a filter string. An empty or missing filter gives `[]` (no
 * condition); malformed input throws an Error whose message is suitable for
 * the join error reply.
 */
export function parseFilter(filter: string | undefined | null): RowCondition[] {
  if (filter === undefined || filter === null || filter.trim() === "") {
    return [];
  }
  return splitTopLevel(filter).map(parseCondition);
}

function parseCondition(text: string): RowCondition {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`invalid filter condition: ${text}`);
  const column = text.slice(0, eq).trim();
  let rest = text.slice(eq + 1);
  let negate = false;
  if (rest.startsWith("not.")) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf(".");
  const op = dot === -1 ? rest : rest.slice(0, dot);
  if (!OPS.has(op) || dot === -1 || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(column)) {
    throw new Error(`invalid filter condition: ${text}`);
  }
  const operand = rest.slice(dot + 1);
  if (op === "in") {
    if (!operand.startsWith("(") || !operand.endsWith(")")) {
      throw new Error(`invalid filter condition: ${text}`);
    }
    const items = splitTopLevel(operand.slice(1, -1)).map(scalar);
    if (items.length === 0) {
      throw new Error(`invalid filter condition: ${text}`);
    }
    return { column, op: "in", negate, value: items };
  }
  if (op === "is") {
    const v = operand.toLowerCase();
    if (!["null", "true", "false", "unknown"].includes(v)) {
      throw new Error(`invalid filter condition: ${text}`);
    }
    return { column, op: "is", negate, value: v };
  }
  return { column, op: op as FilterOp, negate, value: scalar(operand) };
}

/** Unquote a PostgREST-style value: `"a,b"` → `a,b`; bare `null` → NULL. */
function scalar(raw: string): string | null {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return raw === "null" ? null : raw;
}

/** Split on commas that are outside double quotes and parentheses. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.filter((s) => s.trim() !== "");
}

/** Column name → PostgreSQL type name (`pg_type.typname`, e.g. `int4`). */
export type ColumnTypes = ReadonlyMap<string, string>;

/**
 * True when `record` satisfies every condition. A condition on a column the
 * record does not carry is not satisfied (SQL would reject it outright).
 */
export function matchesFilter(
  conditions: readonly RowCondition[],
  record: Record<string, unknown>,
  types: ColumnTypes,
): boolean {
  for (const c of conditions) {
    if (!(c.column in record)) return false;
    const result = evaluate(c, record[c.column], types.get(c.column) ?? "text");
    if (result !== true) return false;
  }
  return true;
}

/** Three-valued (SQL) evaluation: `null` is UNKNOWN, which never matches. */
function evaluate(
  c: RowCondition,
  cell: unknown,
  type: string,
): boolean | null {
  const base = evaluatePositive(c, cell, type);
  if (!c.negate || base === null) return base;
  return !base;
}

function evaluatePositive(
  c: RowCondition,
  cell: unknown,
  type: string,
): boolean | null {
  switch (c.op) {
    case "is":
      if (c.value === "null") return cell === null || cell === undefined;
      if (c.value === "unknown") return cell === null || cell === undefined;
      return cell === (c.value === "true");
    case "isdistinct": {
      const v = c.value as string | null;
      if (cell === null || v === null) return (cell === null) !== (v === null);
      const cmp = compare(cell, v, type);
      return cmp === null ? null : cmp !== 0;
    }
    case "in": {
      if (cell === null) return null;
      let sawUnknown = false;
      for (const v of c.value as (string | null)[]) {
        if (v === null) {
          sawUnknown = true;
          continue;
        }
        const cmp = compare(cell, v, type);
        if (cmp === 0) return true;
        if (cmp === null) sawUnknown = true;
      }
      return sawUnknown ? null : false;
    }
  }
  const v = c.value as string | null;
  if (cell === null || cell === undefined || v === null) return null;
  if (c.op === "like" || c.op === "ilike") {
    return likeRegExp(v, c.op === "ilike").test(cellText(cell));
  }
  if (c.op === "match" || c.op === "imatch") {
    try {
      return new RegExp(v, c.op === "imatch" ? "i" : "").test(cellText(cell));
    } catch {
      return null;
    }
  }
  const cmp = compare(cell, v, type);
  if (cmp === null) return null;
  switch (c.op) {
    case "eq":
      return cmp === 0;
    case "neq":
      return cmp !== 0;
    case "lt":
      return cmp < 0;
    case "lte":
      return cmp <= 0;
    case "gt":
      return cmp > 0;
    case "gte":
      return cmp >= 0;
  }
  return null;
}

const NUMERIC = new Set([
  "int2",
  "int4",
  "int8",
  "float4",
  "float8",
  "numeric",
  "oid",
]);
const TEMPORAL = new Set(["timestamptz", "timestamp", "date"]);

/**
 * Compare a JSON cell with a filter operand as the column type would:
 * negative, zero or positive; null when the operand does not parse as that
 * type (PostgreSQL would raise, so the row is not visible).
 */
function compare(cell: unknown, operand: string, type: string): number | null {
  if (NUMERIC.has(type)) {
    const a = Number(cell);
    const b = Number(operand);
    if (Number.isNaN(a) || Number.isNaN(b) || operand.trim() === "") {
      return null;
    }
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (TEMPORAL.has(type)) {
    const a = parseTime(String(cell));
    const b = parseTime(operand);
    if (a === null || b === null) return null;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (type === "bool") {
    const a = cell === true || cell === "t" || cell === "true";
    const b = parseBool(operand);
    if (b === null) return null;
    return a === b ? 0 : a ? 1 : -1;
  }
  const a = type === "uuid" ? cellText(cell).toLowerCase() : cellText(cell);
  const b = type === "uuid" ? operand.toLowerCase() : operand;
  return a === b ? 0 : a < b ? -1 : 1;
}

function parseTime(text: string): number | null {
  // PostgreSQL accepts "2026-01-01 10:00:00+00"; Date.parse wants a "T" and
  // a full "+00:00" offset.
  let t = text.trim().replace(" ", "T");
  t = t.replace(/([+-]\d\d)$/, "$1:00");
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : ms;
}

function parseBool(text: string): boolean | null {
  const t = text.toLowerCase();
  if (["t", "true", "y", "yes", "on", "1"].includes(t)) return true;
  if (["f", "false", "n", "no", "off", "0"].includes(t)) return false;
  return null;
}

function cellText(cell: unknown): string {
  return typeof cell === "string" ? cell : JSON.stringify(cell);
}

function likeRegExp(pattern: string, insensitive: boolean): RegExp {
  let source = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i]);
    } else if (c === "%" || c === "*") {
      // PostgREST accepts `*` as an alias for `%` in URLs.
      source += "[\\s\\S]*";
    } else if (c === "_") {
      source += "[\\s\\S]";
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(source + "$", insensitive ? "is" : "s");
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
}
