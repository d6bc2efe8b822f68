/**
 * `$fresh/plugins/tailwind.ts` (Fresh 1.7's Tailwind plugin, tailwindcss v3
 * with autoprefixer) on tests/framework/tailwind_app: in development CSS
 * files are compiled on request (only the classes the content globs use,
 * `@apply` and theme extensions resolved, vendor prefixes added); `build`
 * writes minified CSS to `_fresh/static/`, which production then serves;
 * production without a build serves the file unchanged.
 */
import assert from "node:assert/strict";
import { createHandler } from "$fresh/server.ts";
import { build } from "$fresh/dev.ts";
import tailwind from "$fresh/plugins/tailwind.ts";
import { tailwindManifest } from "./tailwind_app/routes.tsx";

async function handlerFor(config: Parameters<typeof createHandler>[1]) {
  const handler = await createHandler(tailwindManifest, config);
  return async (path: string) => {
    const res = await handler(new Request(`http://localhost${path}`));
    return [res, await res.text()] as const;
  };
}

Deno.test("development: CSS files are compiled with Tailwind on request", async () => {
  const get = await handlerFor({ dev: true, plugins: [tailwind()] });
  const [res, css] = await get("/styles.css");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
  assert.doesNotMatch(css, /@tailwind|@apply/);
  assert.match(css, /\.text-red-600 \{/, "a used utility");
  assert.doesNotMatch(css, /\.text-blue-700/, "unused utilities left out");
  assert.match(css, /\.card \{[^}]*border-radius: 0\.5rem/, "@apply");
  assert.match(css, /color: rgb\(185 28 28/, "theme extension (brand)");
  assert.match(css, /-webkit-user-select/, "autoprefixer");
  assert.match(css, /box-sizing: border-box/, "preflight");
  // with a cache-busting query too (asset() adds one)
  const [, busted] = await get("/styles.css?__frsh_c=1");
  assert.equal(busted, css);
  const [, nested] = await get("/nested/extra.css");
  assert.match(nested, /\.text-red-600/);
  assert.doesNotMatch(
    nested,
    /box-sizing/,
    "no preflight without @tailwind base",
  );
});

Deno.test("development: other files and missing CSS are left to the server", async () => {
  const get = await handlerFor({ dev: true, plugins: [tailwind()] });
  const [txt, body] = await get("/plain.txt");
  assert.equal(txt.status, 200);
  assert.equal(body, "not css\n");
  const [missing] = await get("/nope.css");
  assert.equal(missing.status, 404);
  const [escape] = await get("/nested/..%2f..%2ftailwind_test.css");
  assert.equal(escape.status, 404);
});

Deno.test("options: autoprefixer options reach autoprefixer", async () => {
  const get = await handlerFor({
    dev: true,
    plugins: [tailwind(undefined, { autoprefixer: { add: false } })],
  });
  const [, css] = await get("/styles.css");
  assert.doesNotMatch(css, /-webkit-user-select/);
  assert.match(css, /\.text-red-600/);
});

Deno.test("production: build writes minified CSS that production serves", async () => {
  const outDir = await Deno.makeTempDir();
  try {
    const config = { plugins: [tailwind()], build: { outDir } };
    await build(tailwindManifest, config);
    const built = await Deno.readTextFile(`${outDir}/static/styles.css`);
    assert.match(built, /\.text-red-600\{/, "minified");
    assert.doesNotMatch(built, /@tailwind|\n\n/);
    assert.ok(await Deno.stat(`${outDir}/static/nested/extra.css`));
    const get = await handlerFor(config);
    const [res, css] = await get("/styles.css");
    assert.equal(res.status, 200);
    assert.equal(css, built);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("production without a build serves the CSS file unchanged", async () => {
  const get = await handlerFor({ plugins: [tailwind()] });
  const [, css] = await get("/styles.css");
  assert.match(css, /@tailwind base;/);
});
