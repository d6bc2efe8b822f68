/**
 * Small apps built from inline manifests: async `_app` and layouts receive
 * `ctx.Component`, a layout can drop the app wrapper, and the handler rejects
 * a `handlers` export.
 */
import assert from "node:assert/strict";
import {
  createHandler,
  defineApp,
  defineLayout,
  type Manifest,
} from "$fresh/server.ts";
import type { PageProps } from "$fresh/server.ts";

const baseUrl = new URL("./inline_app/fresh.gen.ts", import.meta.url).href;

async function get(manifest: Manifest, path: string): Promise<string> {
  const handler = await createHandler(manifest);
  return await (await handler(new Request(`http://localhost${path}`))).text();
}

Deno.test("async app and layouts wrap the page through ctx.Component", async () => {
  const body = await get({
    baseUrl,
    islands: {},
    routes: {
      "./routes/_app.tsx": {
        default: defineApp((_req, ctx) => (
          <html lang="de">
            <head>
              <title>async app</title>
            </head>
            <body>
              <ctx.Component />
            </body>
          </html>
        )),
      },
      "./routes/_layout.tsx": {
        default: defineLayout(async (_req, ctx) => {
          await Promise.resolve();
          return (
            <div class="outer">
              {ctx.url.pathname}
              <ctx.Component />
            </div>
          );
        }),
      },
      "./routes/(shop)/_layout.tsx": {
        default: ({ Component }: PageProps) => (
          <div class="shop">
            <Component />
          </div>
        ),
      },
      "./routes/(shop)/cart.tsx": {
        default: ({ url }: PageProps) => <p class="cart">{url.pathname}</p>,
      },
    },
  }, "/cart");
  assert.equal(
    body,
    '<!DOCTYPE html><html lang="de"><head><title>async app</title></head><body><div class="outer">/cart<div class="shop"><p class="cart">/cart</p></div></div></body></html>',
  );
});

Deno.test("a layout with skipAppWrapper drops _app", async () => {
  const body = await get({
    baseUrl,
    islands: {},
    routes: {
      "./routes/_app.tsx": {
        default: ({ Component }: PageProps) => (
          <main class="app">
            <Component />
          </main>
        ),
      },
      "./routes/bare/_layout.tsx": {
        config: { skipAppWrapper: true },
        default: ({ Component }: PageProps) => (
          <div class="bare">
            <Component />
          </div>
        ),
      },
      "./routes/bare/index.tsx": { default: () => <p>bare</p> },
    },
  }, "/bare");
  assert.match(body, /<body><div class="bare"><p>bare<\/p><\/div><\/body>/);
  assert.doesNotMatch(body, /class="app"/);
});

Deno.test("exporting `handlers` instead of `handler` is an error with a hint", async () => {
  await assert.rejects(
    () =>
      createHandler({
        baseUrl,
        islands: {},
        routes: {
          "./routes/oops.ts": { handlers: { GET: () => new Response("x") } },
        },
      }),
    /Did you mean "handler"\?/,
  );
});
