/**
 * Server options as Fresh 1.7 has them: `start()` with the top-level
 * `onListen` and the 8000–8019 port scan, the build's static files winning
 * in production, absolute trailing-slash redirects that leave `/_frsh/*`
 * alone, the legacy render hook, `<head>` attributes, default connection
 * info and plugin `<link>` tags.
 */
import assert from "node:assert/strict";
import {
  createHandler,
  type FreshConfig,
  type Manifest,
  type PageProps,
  start,
} from "$fresh/server.ts";
import { resolveConfig } from "../../framework/src/server/config.ts";

const baseUrl = new URL("./compat_app/fresh.gen.ts", import.meta.url).href;

const manifest: Manifest = {
  baseUrl,
  islands: {},
  routes: {
    "./routes/index.tsx": {
      default: ({ remoteAddr, localAddr }: PageProps) => (
        <p class="addr">
          {remoteAddr.hostname}:{remoteAddr.port}|{localAddr
            ?.hostname}:{localAddr
            ?.port}
        </p>
      ),
    },
    "./routes/page.tsx": { default: () => <p>page</p> },
  },
};

async function get(
  path: string,
  config?: FreshConfig,
  m: Manifest = manifest,
): Promise<Response> {
  const handler = await createHandler(m, config);
  return await handler(new Request(`http://localhost${path}`));
}

Deno.test("start() calls the top-level onListen and moves past a busy 8000", async () => {
  // Hold 8000 (if someone else already does, it is busy either way).
  let holder: Deno.Listener | null = null;
  try {
    holder = Deno.listen({ hostname: "127.0.0.1", port: 8000 });
  } catch (err) {
    if (!(err instanceof Deno.errors.AddrInUse)) throw err;
  }
  const heard: { hostname: string; port: number }[] = [];
  const { promise: listening, resolve } = Promise.withResolvers<void>();
  const server = await start(manifest, {
    hostname: "127.0.0.1",
    onListen: (addr) => {
      heard.push({ hostname: addr.hostname, port: addr.port });
      resolve();
    },
  });
  try {
    await listening;
    const port = server.addr.port;
    assert.ok(port > 8000 && port < 8020, `port ${port}`);
    assert.deepEqual(heard, [{ hostname: "127.0.0.1", port }]);
    const res = await fetch(`http://127.0.0.1:${port}/page`);
    assert.match(await res.text(), /<p>page<\/p>/);
  } finally {
    await server.shutdown();
    holder?.close();
  }
});

Deno.test("start() with an explicit busy port fails instead of moving on", async () => {
  const holder = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (holder.addr as Deno.NetAddr).port;
    await assert.rejects(
      () =>
        start(manifest, {
          server: { hostname: "127.0.0.1", port, onListen() {} },
        }),
      Deno.errors.AddrInUse,
    );
  } finally {
    holder.close();
  }
});

Deno.test("production serves _fresh/static before static/; development only static/", async () => {
  const outDir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${outDir}/static`);
    await Deno.writeTextFile(`${outDir}/static/dup.txt`, "from build");
    const build = { outDir };
    assert.equal(await (await get("/dup.txt", { build })).text(), "from build");
    assert.equal(
      await (await get("/only.txt", { build })).text(),
      "only static",
    );
    assert.equal(
      await (await get("/dup.txt", { build, dev: true })).text(),
      "from static",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("trailingSlash: absolute Location, and /_frsh/* is never redirected", async () => {
  const router = { trailingSlash: true };
  const res = await get("/page?x=1", { router });
  assert.equal(res.status, 308);
  assert.equal(res.headers.get("location"), "http://localhost/page/?x=1");
  // headers stay mutable for middleware-style wrappers
  res.headers.set("x-after", "1");
  const internal = await get("/_frsh/js/nope/boot", { router });
  assert.equal(internal.status, 404);
  await internal.body?.cancel();
  const page = await get("/page/", { router });
  assert.match(await page.text(), /<p>page<\/p>/);
});

Deno.test("handlers called without connection info see Fresh's defaults", async () => {
  const res = await get("/");
  assert.match(
    await res.text(),
    /<p class="addr">localhost:1234\|localhost:8080<\/p>/,
  );
});

Deno.test("the legacy render hook wraps the body render and sets lang; the resolved config has a default", async () => {
  const calls: string[] = [];
  const res = await get("/page", {
    render(ctx, render) {
      calls.push(`before ${ctx.url.pathname} ${ctx.route}`);
      ctx.lang = "fr";
      const html = render();
      calls.push(`after ${html}`);
    },
  });
  assert.match(await res.text(), /^<!DOCTYPE html><html lang="fr">/);
  assert.deepEqual(calls, ["before /page /page", "after <p>page</p>"]);
  const resolved = resolveConfig({}, "/tmp", false);
  let rendered = false;
  await resolved.render(
    {
      id: "x",
      url: new URL("http://x/"),
      route: "/",
      state: new Map(),
      lang: "en",
    },
    () => {
      rendered = true;
      return "";
    },
  );
  assert.ok(rendered);
});

Deno.test("attributes of the app's own <head> are kept; plugin links self-close", async () => {
  const res = await get("/page", {
    plugins: [{
      name: "links",
      render(ctx) {
        ctx.render();
        return { links: [{ rel: "icon", href: "/favicon.svg" }] };
      },
    }],
  }, {
    ...manifest,
    routes: {
      ...manifest.routes,
      "./routes/_app.tsx": {
        default: ({ Component }: PageProps) => (
          <html lang="de">
            <head prefix="og: https://ogp.me/ns#">
              <title>t</title>
            </head>
            <body>
              <Component />
            </body>
          </html>
        ),
      },
    },
  });
  const body = await res.text();
  assert.match(
    body,
    /<head prefix="og: https:\/\/ogp.me\/ns#"><title>t<\/title>/,
  );
  assert.match(body, /<link rel="icon" href="\/favicon.svg"\/><\/head>/);
});
