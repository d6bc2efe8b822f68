/**
 * Partials on the server (Fresh 1.7): `<Partial>` markers and modes,
 * `f-client-nav` attributes, partial requests (`?fresh-partial=true`)
 * answered with the partial regions only plus island data, `ctx.isPartial`,
 * and clear errors for misuse. The browser side is in
 * partials_browser_test.ts.
 */
import assert from "node:assert/strict";
import { createHandler } from "$fresh/server.ts";
import { extractPartials } from "../../framework/src/server/render.ts";
import { brokenManifest, partialsManifest } from "./partials_app/routes.tsx";

const handler = await createHandler(partialsManifest);
const get = async (path: string) => {
  const res = await handler(new Request(`http://localhost${path}`));
  return [res, await res.text()] as const;
};

Deno.test("a page with partials: markers, f-client-nav, boot with navigation", async () => {
  const [res, html] = await get("/");
  assert.equal(res.status, 200);
  assert.match(html, /<body f-client-nav="true">/);
  assert.match(html, /<a class="to-b-full" href="\/b" f-client-nav="false">/);
  assert.match(
    html,
    /<!--frsh-partial:body:0:--><section class="page-a">.*<\/section><!--\/frsh-partial:body:0:-->/,
  );
  const boot = /data-fresh="([^"]*)"/.exec(html)![1].replaceAll("&quot;", '"');
  const data = JSON.parse(boot);
  assert.equal(data.n, 1, "client navigation is loaded");
  assert.equal(data.d, undefined, "production profile");
  assert.equal(res.headers.get("x-fresh-uuid"), null);
});

Deno.test("a page with partials but no islands still ships the boot script", async () => {
  const [, html] = await get("/foreign");
  assert.match(html, /<script type="module" src="[^"]*boot\.js"/);
  assert.match(html, /<!--frsh-partial:elsewhere:0:-->/);
});

Deno.test("f-loading: the signal travels with the island props, the attribute names it", async () => {
  const [, html] = await get("/loading");
  const idx = /<a class="slow-link"[^>]* f-loading="(\d+)"/.exec(html)?.[1];
  assert.ok(idx !== undefined, html);
  const state = JSON.parse(
    /<script id="__FRSH_STATE_[0-9a-f]+" type="application\/json">(.*?)<\/script>/
      .exec(html)![1],
  );
  const props = state.v[0];
  // one signal, shared by the Spinner island and the link (a reference)
  assert.deepEqual(props[Number(idx)]["f-loading"], { _f: "s", v: false });
  assert.ok(
    props.some((p: Record<string, unknown>) => "loading" in p),
    "the island's props",
  );
  assert.match(html, /&quot;g&quot;:1/, "signals are loaded");
});

Deno.test("modes and keys are encoded in the markers", async () => {
  const [, html] = await get("/list");
  assert.match(html, /<!--frsh-partial:prepended:2:-->/);
  assert.match(html, /<!--frsh-partial:items:1:-->/);
});

Deno.test("a partial request answers with the partial regions only", async () => {
  const [res, html] = await get("/?fresh-partial=true");
  assert.equal(res.status, 200);
  const uuid = res.headers.get("x-fresh-uuid");
  assert.match(uuid ?? "", /^[0-9a-f]{32}$/);
  const body = /<body[^>]*>(.*)<\/body>/s.exec(html)![1];
  assert.ok(body.startsWith("<!--frsh-partial:body:0:-->"), body);
  assert.doesNotMatch(body, /<nav>/, "content outside partials is left out");
  assert.match(html, /<title>Page A<\/title>/, "the head is kept");
  // island data instead of the boot script
  assert.doesNotMatch(html, /<script type="module"/);
  const data = JSON.parse(
    new RegExp(
      `<script id="__FRSH_PARTIAL_DATA_${uuid}" type="application/json">(.*?)</script>`,
    ).exec(html)![1],
  );
  assert.equal(data.i.length, 1);
  assert.match(data.i[0][1], /\.js$/);
  assert.match(html, new RegExp(`<script id="__FRSH_STATE_${data.s}"`));
  assert.match(html, /<!--frsh-clicker_default:0:-->/);
});

Deno.test("a partial route without the app renders only its partial", async () => {
  const [res, html] = await get("/partials/more?from=4&fresh-partial=true");
  assert.ok(res.headers.get("x-fresh-uuid"));
  assert.match(html, /<li class="item">item-4<\/li><li class="item">item-5/);
  assert.match(html, /<!--frsh-partial:items:1:-->/);
});

Deno.test("ctx.isPartial is true for partial requests", async () => {
  const [, full] = await get("/forms");
  assert.match(full, /<p class="was-partial">false<\/p>/);
  const [, partial] = await get("/forms?fresh-partial=true");
  assert.match(partial, /<p class="was-partial">true<\/p>/);
});

Deno.test("a partial request that renders no partial gets the full page (dev warns)", async () => {
  const dev = await createHandler(brokenManifest, { dev: true });
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    const res = await dev(
      new Request("http://localhost/plain?fresh-partial=true"),
    );
    const html = await res.text();
    assert.equal(res.headers.get("x-fresh-uuid"), null);
    assert.match(html, /<p>no partials, no islands<\/p>/);
    assert.doesNotMatch(html, /<script/, "no partials, no islands: no JS");
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /\/plain rendered no <Partial>/);
});

Deno.test("dev pages tell the client runtime to report partial errors", async () => {
  const dev = await createHandler(partialsManifest, { dev: true });
  const html = await (await dev(new Request("http://localhost/"))).text();
  assert.match(html, /&quot;d&quot;:1/);
});

Deno.test("misused <Partial> fails with a clear error", async () => {
  const broken = await createHandler(brokenManifest);
  const error = console.error;
  const logged: string[] = [];
  console.error = (...args: unknown[]) =>
    logged.push(args.map(String).join(" "));
  try {
    for (const path of ["/duplicate", "/bad-mode", "/in-island"]) {
      const res = await broken(new Request(`http://localhost${path}`));
      await res.body?.cancel();
      assert.equal(res.status, 500, path);
    }
  } finally {
    console.error = error;
  }
  const text = logged.join("\n");
  assert.match(text, /Two <Partial name="x"> on one page/);
  assert.match(text, /Unknown mode "swap" of <Partial name="x">/);
  assert.match(text, /<Partial name="inside"> cannot be used inside an island/);
});

Deno.test("extractPartials keeps top-level regions and their nested partials", () => {
  const body =
    "<nav>x</nav><!--frsh-partial:a:0:-->A<!--frsh-partial:b:1:k-->B" +
    "<!--/frsh-partial:b:1:k--><!--/frsh-partial:a:0:--><p>y</p>" +
    "<!--frsh-partial:c:2:-->C<!--/frsh-partial:c:2:-->";
  assert.equal(
    extractPartials(body),
    "<!--frsh-partial:a:0:-->A<!--frsh-partial:b:1:k-->B<!--/frsh-partial:b:1:k-->" +
      "<!--/frsh-partial:a:0:--><!--frsh-partial:c:2:-->C<!--/frsh-partial:c:2:-->",
  );
});
