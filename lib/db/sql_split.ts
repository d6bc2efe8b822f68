/**
 * Splits a SQL script into statements the way the Supabase CLI records them in
 * `supabase_migrations.schema_migrations.statements`: on top-level semicolons,
 * ignoring those inside quotes, dollar quotes and comments.
 *
 * @module
 */

/**
 * Split `script` into trimmed, non-empty statements (without the trailing `;`).
 * Statements that contain only comments are dropped.
 */
export function splitSql(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    const next = script[i + 1];
    if (c === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (c === "/" && next === "*") {
      i = skipBlockComment(script, i);
    } else if (c === "'" || c === '"') {
      i = skipQuoted(script, i, c);
    } else if (c === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(
        script.slice(i, i + 64),
      );
      if (tag && !isIdentChar(script[i - 1])) {
        const close = script.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else if (c === ";") {
      push(out, script.slice(start, i));
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(out, script.slice(start));
  return out;
}

function push(out: string[], raw: string): void {
  const text = raw.trim();
  if (text && stripComments(text).trim()) out.push(text);
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function skipQuoted(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === q) {
      if (s[j + 1] === q) j += 2; // doubled quote escapes itself
      else return j + 1;
    } else {
      j++;
    }
  }
  return s.length;
}

function skipBlockComment(s: string, i: number): number {
  // PostgreSQL block comments nest.
  let depth = 0;
  let j = i;
  while (j < s.length) {
    if (s[j] === "/" && s[j + 1] === "*") {
      depth++;
      j += 2;
    } else if (s[j] === "*" && s[j + 1] === "/") {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else {
      j++;
    }
  }
  return s.length;
}

/** Remove `--` and block comments outside quotes (used to classify statements). */
export function stripComments(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
      out += " ";
    } else if (c === "/" && sql[i + 1] === "*") {
      i = skipBlockComment(sql, i);
      out += " ";
    } else if (c === "'" || c === '"') {
      const j = skipQuoted(sql, i, c);
      out += sql.slice(i, j);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
