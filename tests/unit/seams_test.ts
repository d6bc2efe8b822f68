/**
 * The seams of issue 8, checked on every run so a later change cannot undo
 * them: the environment is read in one module (plus the process entry
 * points), and `lib/` depends on nothing of the app's outer rings (`local/`,
 * `routes/`, `islands/`, `components/`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), "../.."));

/**
 * Files that may read `Deno.env`: the config module and process entry points
 * (each Edge Function's `index.ts` when run standalone, and the functions'
 * shared env reader).
 */
function mayReadEnv(file: string): boolean {
  return file === "lib/config/mod.ts" ||
    file === "supabase/functions/_shared/env.ts" ||
    /^supabase\/functions\/[a-z][a-z0-9-]*\/index\.ts$/.test(file);
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, dir))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && entry.name !== "node_modules") {
      out.push(...await sources(path));
    } else if (entry.isFile && /\.(ts|tsx)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The app's own modules (the framework apart): what the seams govern. */
async function appSources(): Promise<string[]> {
  const dirs = [
    "lib",
    "routes",
    "islands",
    "components",
    "local",
    "supabase/functions",
  ];
  const files = ["app.ts", "main.ts", "dev.ts"];
  for (const dir of dirs) files.push(...await sources(dir));
  return files.filter((f) => !/_test\.tsx?$/.test(f));
}

/** Relative import specifiers of `text` (static and dynamic). */
export function relativeImports(text: string): string[] {
  const specs: string[] = [];
  for (
    const m of text.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.{1,2}\/[^"]+)"/g,
    )
  ) specs.push(m[1]);
  return specs;
}

Deno.test("seams: relativeImports sees static, side-effect and dynamic imports", () => {
  assert.deepEqual(
    relativeImports(
      `import { a } from "../x.ts";\nimport "./y.ts";\nconst z = await import("../../z.ts");\nimport b from "npm:b";`,
    ),
    ["../x.ts", "./y.ts", "../../z.ts"],
  );
});

Deno.test("seams: only the config module and entry points read Deno.env", async () => {
  const files = await appSources();
  const readers = [];
  for (const file of files) {
    const text = await Deno.readTextFile(join(ROOT, file));
    if (/\bDeno\.env\b/.test(text) && !mayReadEnv(file)) {
      readers.push(file);
    }
  }
  assert.deepEqual(readers, []);
});

Deno.test("seams: lib/ imports nothing from local/, routes/, islands/ or components/", async () => {
  const outer = ["local/", "routes/", "islands/", "components/"];
  const crossings = [];
  for (const file of await sources("lib")) {
    const text = await Deno.readTextFile(join(ROOT, file));
    for (const spec of relativeImports(text)) {
      const target = relative(ROOT, join(ROOT, dirname(file), spec));
      if (outer.some((o) => target.startsWith(o))) {
        crossings.push(`${file} → ${target}`);
      }
    }
  }
  assert.deepEqual(crossings, []);
});

/** Static relative imports of `text` (a dynamic `import()` is lazy: no cycle at load). */
function staticImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s+)"(\.{1,2}\/[^"]+)"/g)]
    .map((m) => m[1]);
}

/** The strongly connected groups of more than one file in `graph` (Tarjan). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

Deno.test("seams: importCycles finds a loop and ignores a chain", () => {
  assert.deepEqual(
    importCycles(
      new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]),
    ),
    [["a", "b", "c"]],
  );
  assert.deepEqual(importCycles(new Map([["a", ["b"]], ["b", []]])), []);
});

Deno.test("seams: no module imports itself through others (type imports too)", async () => {
  const files = [...await sources("framework/src"), ...await appSources()];
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = await Deno.readTextFile(join(ROOT, file));
    graph.set(
      file,
      staticImports(text)
        .map((spec) => relative(ROOT, join(ROOT, dirname(file), spec)))
        .filter((target) => known.has(target)),
    );
  }
  assert.deepEqual(importCycles(graph), []);
});
