/**
 * `<StaticMarkup>` (ADR 0054): a subtree rendered once per id and server,
 * written as it was on later pages, with its class names still reported to
 * CSS plugins; refused when it holds what must be per page.
 */
import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import {
  createHandler,
  type Manifest,
  type Plugin,
  StaticMarkup,
} from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { formManifest } from "./compat_app/routes.tsx";
import FormIsland from "./compat_app/islands/FormIsland.tsx";

/** A header whose renders are counted. */
function counted() {
  const calls: string[] = [];
  function Banner({ label }: { label: string }) {
    calls.push(label);
    return (
      <header class="banner bold">
        <a href="/" class="home">{label}</a> &amp; more
      </header>
    );
  }
  return { calls, Banner };
}

function manifestWith(
  page: (props: { url: URL }) => preact.JSX.Element,
): Manifest {
  return {
    ...formManifest,
    routes: { "./routes/[...path].tsx": { default: page } },
  };
}

/** A CSS plugin stand-in: what a render reported as its class names. */
function classRecorder(seen: string[][]): Plugin {
  return {
    name: "classes",
    async renderAsync(ctx) {
      const res = await ctx.renderAsync();
      seen.push([...(res.classNames ?? [])].sort());
      return {};
    },
  };
}

Deno.test("StaticMarkup renders once per id, writes the same HTML, and still reports its classes", async () => {
  const { calls, Banner } = counted();
  const seen: string[][] = [];
  const page = ({ url }: { url: URL }) => (
    <div class="page">
      <StaticMarkup
        id={`banner ${url.pathname.startsWith("/b") ? "b" : "a"}`}
        render={() => <Banner label={url.pathname.slice(1, 2)} />}
      />
      <p>{url.pathname}</p>
    </div>
  );
  const handler = await createHandler(manifestWith(page), {
    plugins: [classRecorder(seen)],
  });
  const get = async (path: string) =>
    await (await handler(new Request(`http://localhost${path}`))).text();

  const first = await get("/a1");
  const second = await get("/a2");
  const other = await get("/b1");
  assert.deepEqual(calls, ["a", "b"], "one render per id");
  const plain = renderToString(<Banner label="a" />);
  assert.ok(first.includes(plain), first);
  assert.ok(second.includes(plain), "a hit writes the first render's HTML");
  assert.ok(second.includes("<p>/a2</p>"), "the rest of the page is per page");
  assert.ok(other.includes(renderToString(<Banner label="b" />)));
  for (const classes of seen) {
    assert.deepEqual(classes, ["banner bold", "home", "page"]);
  }
});

Deno.test("StaticMarkup's cache belongs to one server", async () => {
  const { calls, Banner } = counted();
  const page = () => (
    <StaticMarkup id="banner" render={() => <Banner label="x" />} />
  );
  for (let i = 0; i < 2; i++) {
    const handler = await createHandler(manifestWith(page), {});
    await (await handler(new Request("http://localhost/x"))).text();
    await (await handler(new Request("http://localhost/x"))).text();
  }
  assert.deepEqual(calls, ["x", "x"]);
});

Deno.test("StaticMarkup outside a server page render renders every time", () => {
  const { calls, Banner } = counted();
  const tree = <StaticMarkup id="banner" render={() => <Banner label="y" />} />;
  assert.equal(renderToString(tree), renderToString(<Banner label="y" />));
  renderToString(tree);
  assert.deepEqual(calls, ["y", "y", "y"]);
});

Deno.test("StaticMarkup refuses islands, <Head> nodes and scripts", async (t) => {
  const cases: [string, () => preact.JSX.Element, RegExp][] = [
    ["an island", () => <FormIsland>x</FormIsland>, /islands/],
    ["a <Head> node", () => (
      <Head>
        <title>t</title>
      </Head>
    ), /<Head> nodes/],
    ["a script", () => <script>1</script>, /scripts or styles/],
  ];
  for (const [what, render, message] of cases) {
    await t.step(what, async () => {
      const page = () => <StaticMarkup id={what} render={render} />;
      const handler = await createHandler(manifestWith(page), {});
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(...args);
      try {
        const res = await handler(new Request("http://localhost/x"));
        await res.body?.cancel();
        assert.equal(res.status, 500);
      } finally {
        console.error = original;
      }
      assert.ok(
        errors.some((e) => e instanceof Error && message.test(e.message)),
        errors.map(String).join("\n"),
      );
    });
  }
});
