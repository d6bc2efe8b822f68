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
  const files = [
    ...await sources("lib"),
    ...await sources("routes"),
    ...await sources("islands"),
    ...await sources("components"),
    ...await sources("local"),
    ...await sources("supabase/functions"),
    "app.ts",
    "main.ts",
    "dev.ts",
  ];
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
