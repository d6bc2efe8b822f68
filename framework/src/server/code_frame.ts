/**
 * `ctx.codeFrame` for error pages in development: the source lines around
 * the first application frame of an error's stack, with a `>` on the line
 * that threw and a `^` under the column.
 */

const FRAME = /(file:\/\/[^\s)]+?):(\d+):(\d+)/g;

/** The first stack frame outside dependencies and this runtime, if any. */
export function firstAppFrame(
  stack: string,
  skip: string[] = [],
): { url: string; line: number; column: number } | null {
  for (const m of stack.matchAll(FRAME)) {
    const url = m[1];
    if (url.includes("/node_modules/") || url.includes("/.cache/deno/")) {
      continue;
    }
    if (skip.some((prefix) => url.startsWith(prefix))) continue;
    return { url, line: Number(m[2]), column: Number(m[3]) };
  }
  return null;
}

/** Render a frame of `context` lines either side of `line` (1-based). */
export function formatCodeFrame(
  source: string,
  line: number,
  column: number,
  context = 2,
): string {
  const lines = source.split("\n");
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, line + context);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const gutter = `${String(n).padStart(width)} | `;
    out.push(`${n === line ? ">" : " "} ${gutter}${lines[n - 1] ?? ""}`);
    if (n === line) {
      out.push(
        `  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`,
      );
    }
  }
  return out.join("\n");
}

const RUNTIME_PREFIX = new URL("../../", import.meta.url).href;

/** The code frame for an error, or undefined when none can be read. */
export function codeFrameFor(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  const frame = firstAppFrame(error.stack, [RUNTIME_PREFIX]);
  if (!frame) return undefined;
  try {
    const source = Deno.readTextFileSync(new URL(frame.url));
    return formatCodeFrame(source, frame.line, frame.column);
  } catch {
    return undefined;
  }
}
