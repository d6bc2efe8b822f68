/**
 * Fresh 1.7 behaviours checked on small inline apps: error boundaries during
 * server rendering, several Set-Cookie headers from `ctx.render`, the full
 * context of async routes, and 405 for handler keys that are not methods.
 */
import assert from "node:assert/strict";
import { Component, type ComponentChildren } from "preact";
import {
  createHandler,
  type FreshConfig,
  type Manifest,
  type PageProps,
  type RouteContext,
} from "$fresh/server.ts";

import Island from "./compat_app/islands/Island.tsx";

const baseUrl = new URL("./compat_app/fresh.gen.ts", import.meta.url).href;

function app(
  routes: Manifest["routes"],
  islands: Manifest["islands"] = {},
): Manifest {
  return { baseUrl, routes, islands };
}

async function request(
  manifest: Manifest,
  path: string,
  init?: RequestInit,
  config?: FreshConfig,
): Promise<Response> {
  const handler = await createHandler(manifest, config);
  return await handler(new Request(`http://localhost${path}`, init));
}

function Thrower(): never {
  throw new Error("kaboom");
}

class DerivedBoundary extends Component<
  { children?: ComponentChildren },
  { error: Error | null }
> {
  override state = { error: null as Error | null };
  static override getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error
      ? <p class="fallback">derived: {this.state.error.message}</p>
      : this.props.children;
  }
}

const caught: string[] = [];
class CatchBoundary extends Component<
  { children?: ComponentChildren },
  { failed: boolean }
> {
  override state = { failed: false };
  override componentDidCatch(error: Error) {
    caught.push(error.message);
    this.setState({ failed: true });
  }
  override render() {
    return this.state.failed
      ? <p class="fallback">caught</p>
      : this.props.children;
  }
}

Deno.test("error boundaries show their fallback during server rendering", async () => {
  caught.length = 0;
  const res = await request(
    app({
      "./routes/index.tsx": {
        default: () => (
          <main>
            <DerivedBoundary>
              <span>before</span>
              <Thrower />
            </DerivedBoundary>
            <CatchBoundary>
              <Island n={1} />
              <Thrower />
            </CatchBoundary>
            <Island n={2} />
          </main>
        ),
      },
    }, { "./islands/Island.tsx": { default: Island } }),
    "/",
  );
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.match(body, /<p class="fallback">derived: kaboom<\/p>/);
  assert.match(body, /<p class="fallback">caught<\/p>/);
  assert.doesNotMatch(body, /before/);
  assert.deepEqual(caught, ["kaboom"]);
  // an island after a failed subtree still gets its markers
  assert.match(
    body,
    /<!--frsh-island_default:1:--><b class="island">2<\/b><!--\/frsh-island_default:1:-->/,
  );
});

Deno.test("an error outside any boundary still renders the 500 page", async () => {
  const origError = console.error;
  console.error = () => {};
  try {
    const res = await request(
      app({ "./routes/index.tsx": { default: () => <Thrower /> } }),
      "/",
    );
    assert.equal(res.status, 500);
    await res.body?.cancel();
  } finally {
    console.error = origError;
  }
});

Deno.test("several Set-Cookie headers given to ctx.render all reach the response", async () => {
  const headersObject = new Headers();
  headersObject.append("set-cookie", "a=1; Path=/");
  headersObject.append("set-cookie", "b=2; Path=/");
  headersObject.set("content-type", "text/html; charset=utf-16");
  const manifest = app({
    "./routes/[kind].tsx": {
      handler: {
        GET(_req: Request, ctx: RouteContext) {
          if (ctx.params.kind === "headers") {
            return ctx.render(undefined, { headers: headersObject });
          }
          return ctx.render(undefined, {
            headers: [["set-cookie", "c=3"], ["set-cookie", "d=4"], [
              "x-one",
              "1",
            ]],
          });
        },
      },
      default: () => <p>cookies</p>,
    },
  });
  const fromHeaders = await request(manifest, "/headers");
  assert.deepEqual(fromHeaders.headers.getSetCookie(), [
    "a=1; Path=/",
    "b=2; Path=/",
  ]);
  // a given content-type replaces the default instead of joining it
  assert.equal(
    fromHeaders.headers.get("content-type"),
    "text/html; charset=utf-16",
  );
  await fromHeaders.body?.cancel();
  const fromPairs = await request(manifest, "/pairs");
  assert.deepEqual(fromPairs.headers.getSetCookie(), ["c=3", "d=4"]);
  assert.equal(fromPairs.headers.get("x-one"), "1");
  await fromPairs.body?.cancel();
});

Deno.test("async routes get renderNotFound, render, next, Component and codeFrame", async () => {
  const seen: string[] = [];
  const manifest = app({
    "./routes/_404.tsx": {
      default: ({ url }: PageProps) => <p class="nf">missing {url.pathname}</p>,
    },
    "./routes/item/[id].tsx": {
      default: async (_req: Request, ctx: RouteContext) => {
        await Promise.resolve();
        for (
          const key of [
            "render",
            "next",
            "renderNotFound",
            "Component",
          ] as const
        ) {
          seen.push(`${key}:${typeof ctx[key]}`);
        }
        seen.push(`codeFrame:${"codeFrame" in ctx}`);
        if (ctx.params.id === "0") return ctx.renderNotFound();
        return <p class="item">item {ctx.params.id}</p>;
      },
    },
  });
  const missing = await request(manifest, "/item/0");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /<p class="nf">missing \/item\/0<\/p>/);
  assert.deepEqual(seen, [
    "render:function",
    "next:function",
    "renderNotFound:function",
    "Component:function",
    "codeFrame:true",
  ]);
  const found = await request(manifest, "/item/7");
  assert.equal(found.status, 200);
  assert.match(await found.text(), /<p class="item">item 7<\/p>/);
});

Deno.test("the 500 page gets a code frame of the throwing line in development only", async () => {
  const manifest = app({
    "./routes/_500.tsx": {
      default: ({ codeFrame }: PageProps) => (
        <pre class="frame">{String(codeFrame)}</pre>
      ),
    },
    "./routes/index.tsx": {
      handler: () => {
        throw new Error("with a frame"); // THROW-LINE
      },
    },
  });
  const origError = console.error;
  console.error = () => {};
  try {
    const dev = await request(manifest, "/", undefined, { dev: true });
    assert.equal(dev.status, 500);
    const body = await dev.text();
    assert.match(body, /> +\d+ \| .*THROW-LINE/);
    assert.match(body, /\| +\^/);
    const prod = await request(manifest, "/");
    assert.match(await prod.text(), /<pre class="frame">undefined<\/pre>/);
  } finally {
    console.error = origError;
  }
});

Deno.test("handler keys that are not HTTP methods answer 405", async () => {
  const manifest = app({
    "./routes/api.ts": {
      handler: {
        GET: () => new Response("got"),
        FETCH: () => new Response("never"),
        helper: () => new Response("never"),
      },
    },
  });
  assert.equal(await (await request(manifest, "/api")).text(), "got");
  for (const method of ["FETCH", "helper", "CONSTRUCTOR", "__proto__"]) {
    const res = await request(manifest, "/api", { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.get("accept"), "GET, HEAD");
    await res.body?.cancel();
  }
});

Deno.test("plugin islands get markers and a served chunk", async () => {
  const { islandPlugin } = await import("./compat_app/plugin.tsx");
  const handler = await createHandler(app({}), { plugins: [islandPlugin()] });
  const page = await (await handler(
    new Request("http://localhost/plugin-island"),
  )).text();
  assert.match(
    page,
    /<!--frsh-plugincounter_default:0:--><button type="button" class="plugin-counter">5<\/button>/,
  );
  const chunk = /href="(\/_frsh\/js\/[0-9a-f]+\/island-plugincounter\.js)"/
    .exec(page);
  assert.ok(chunk, "the plugin island's chunk is preloaded");
  const res = await handler(new Request(`http://localhost${chunk[1]}`));
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

Deno.test("a plugin render hook's htmlText replaces the body", async () => {
  const res = await request(
    app({ "./routes/index.tsx": { default: () => <p>original</p> } }),
    "/",
    undefined,
    {
      plugins: [{
        name: "rewrite",
        render(ctx) {
          const { htmlText } = ctx.render();
          return { htmlText: htmlText.replace("original", "rewritten") };
        },
      }],
    },
  );
  assert.match(await res.text(), /<body><p>rewritten<\/p><\/body>/);
});

Deno.test("build() calls configResolved before buildStart", async () => {
  const { build } = await import("$fresh/dev.ts");
  const outDir = await Deno.makeTempDir();
  const calls: string[] = [];
  try {
    await build(app({}), {
      build: { outDir },
      plugins: [{
        name: "hooks",
        configResolved: (config) => {
          calls.push(`configResolved ${config.build.outDir === outDir}`);
        },
        buildStart: () => {
          calls.push("buildStart");
        },
        buildEnd: () => {
          calls.push("buildEnd");
        },
      }],
    });
    assert.deepEqual(calls, ["configResolved true", "buildStart", "buildEnd"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
