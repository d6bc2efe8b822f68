/**
 * Core behaviour of the Fresh-compatible runtime against the fixture app:
 * rendering, routing and priority, layouts, groups, middleware, errors,
 * methods, render options, trailing slashes, static files and plugins.
 */
import assert from "node:assert/strict";
import { fetchFixture, fixture, text } from "./helpers.ts";
import {
  getBuildId,
  setBuildId,
} from "../../framework/src/runtime/build_id.ts";

Deno.test("index renders app, root layout, Head dedup and island markers", async () => {
  const [res, body] = await text("/");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(body, /^<!DOCTYPE html><html lang="en" data-app="yes"><head>/);
  assert.match(body, /<body class="app-body"><div class="root-layout"><main>/);
  // last title wins over the app's title and the first <Head>
  assert.deepEqual(
    [...body.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]),
    [
      "Index title",
    ],
  );
  assert.deepEqual(
    [...body.matchAll(/name="description" content="([^"]*)"/g)].map((m) =>
      m[1]
    ),
    ["second"],
  );
  assert.match(body, /<!--frsh-counter_default:0:--><div class="counter">/);
  assert.match(body, /<!--\/frsh-counter_default:0:-->/);
  const state =
    /<script id="__FRSH_STATE_([0-9a-f]{32})" type="application\/json">(.*?)<\/script>/
      .exec(body);
  assert.ok(state, "state script present");
  assert.equal(state[2], '{"v":[[{"start":3,"label":"Hello!"}],[[]]]}');
  assert.match(
    body,
    /<script type="module" src="\/_frsh\/js\/[0-9a-f]{40}\/boot\.js" data-fresh="/,
  );
  assert.match(
    body,
    /<link rel="modulepreload" href="\/_frsh\/js\/[0-9a-f]{40}\/island-counter\.js"\/>/,
  );
  // the page works under script-src 'self': no inline executable script
  for (const m of body.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)) {
    assert.ok(m[1].includes('type="application/json"') || m[2] === "", m[0]);
  }
});

Deno.test("pages without islands ship no script at all", async () => {
  const [, body] = await text("/params/7");
  assert.doesNotMatch(body, /<script/);
  assert.doesNotMatch(body, /modulepreload/);
});

Deno.test("dynamic params, optional, catch-all, multi-param and non-Latin routes", async () => {
  assert.match(
    (await text("/params/abc%20d"))[1],
    /<p class="param">abc d\|\/params\/:id<\/p>/,
  );
  assert.match((await text("/lang"))[1], /<p class="lang">\[\]<\/p>/);
  assert.match((await text("/lang/de"))[1], /<p class="lang">\[de\]<\/p>/);
  assert.match(
    (await text("/files/a/b/c.txt"))[1],
    /<p class="path">a\/b\/c.txt<\/p>/,
  );
  assert.match((await text("/files/fixed"))[1], /fixed beats catch-all/);
  assert.match(
    (await text("/pkg/preact@10.1"))[1],
    /<p class="pkg">preact v10.1<\/p>/,
  );
  // Text outside ASCII leaves as character references (ADR 0055).
  assert.match((await text("/%C3%BCber"))[1], /<p class="uber">&#252;ber<\/p>/);
  assert.match(
    (await text("/custom/hello"))[1],
    /<p class="override">hello<\/p>/,
  );
  assert.equal((await fetchFixture("/override")).status, 404);
});

Deno.test("static files shadow routes and carry etag / content-type", async () => {
  const [res, body] = await text("/shadowed");
  assert.equal(body, "static wins");
  assert.equal(res.headers.get("x-destination"), "static");
  const [foo, fooBody] = await text("/foo.txt");
  assert.equal(fooBody, "bar");
  assert.equal(foo.headers.get("content-type"), "text/plain; charset=UTF-8");
  assert.equal(foo.headers.get("content-length"), "3");
  assert.equal(foo.headers.get("vary"), "If-None-Match");
  assert.equal(foo.headers.get("cache-control"), null);
  const etag = foo.headers.get("etag")!;
  assert.match(etag, /^[0-9a-f]{40}$/);
  assert.equal(
    (await fetchFixture("/foo.txt", { headers: { "if-none-match": etag } }))
      .status,
    304,
  );
  assert.equal(
    (await fetchFixture("/foo.txt", {
      headers: { "if-none-match": `W/${etag}` },
    })).status,
    304,
  );
  assert.equal((await text("/with%20space.txt"))[1], "spaced");
  assert.equal(
    (await fetchFixture("/sub/style.css")).headers.get("content-type"),
    "text/css; charset=UTF-8",
  );
  const head = await fetchFixture("/foo.txt", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
});

Deno.test("asset() cache busting: immutable with current id, 307 for a stale id", async () => {
  const [, page] = await text("/static-page");
  const busted = /<a href="(\/foo\.txt\?__frsh_c=[0-9a-f]{40})">/.exec(page)
    ?.[1];
  assert.ok(busted, "asset() adds the build id");
  assert.match(page, /<img src="\/img\.png\?__frsh_c=[0-9a-f]{40}" alt\/>/);
  assert.match(
    page,
    /<img src="\/img\.png" alt data-fresh-disable-lock="true"\/>/,
  );
  const res = await fetchFixture(busted);
  assert.equal(
    res.headers.get("cache-control"),
    "public, max-age=31536000, immutable",
  );
  await res.body?.cancel();
  const stale = await fetchFixture("/foo.txt?__frsh_c=old&x=1");
  assert.equal(stale.status, 307);
  assert.equal(stale.headers.get("location"), "/foo.txt?x=1");
});

Deno.test("HEAD reuses GET without body; 405 lists methods in Accept", async () => {
  const head = await fetchFixture("/api/only-get", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("x-get"), "1");
  assert.equal(await head.text(), "");
  const put = await fetchFixture("/api/only-get", { method: "PUT" });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get("accept"), "GET, HEAD");
  assert.equal(put.headers.get("allow"), null);
  await put.body?.cancel();
  assert.equal((await text("/methods", { method: "POST" }))[1], "posted POST");
  assert.match((await text("/methods"))[1], /GET page/);
  const del = await fetchFixture("/methods", { method: "DELETE" });
  assert.equal(del.status, 405);
  assert.equal(del.headers.get("accept"), "POST, GET, HEAD");
  await del.body?.cancel();
  const echo = await (await fetchFixture("/api/echo", { method: "PATCH" }))
    .json();
  assert.deepEqual(echo, { method: "PATCH", remote: "10.1.2.3" });
});

Deno.test("ctx.render(data, init) sets status and appends array headers", async () => {
  const [res, body] = await text("/render-init");
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("x-custom"), "yes");
  assert.deepEqual(res.headers.getSetCookie(), ["a=1", "b=2"]);
  assert.match(body, /<p class="data">n=42<\/p>/);
});

Deno.test("trailing slash redirects with 307 and keeps the query", async () => {
  const res = await fetchFixture("/params/1/?a=b");
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), "/params/1?a=b");
  const collapsed = await text("//params///9");
  assert.match(collapsed[1], /<p class="param">9\|/);
});

Deno.test("middleware: arrays, layering by folder, groups, state, destination", async () => {
  const [deep, deepBody] = await text("/deep/page");
  assert.match(deepBody, /<p class="deep">root-1,root-2,deep<\/p>/);
  assert.equal(deep.headers.get("x-trail"), "root-1,root-2,deep");
  assert.equal(deep.headers.get("x-destination"), "route");
  // a layout with skipInheritedLayouts becomes the new root layout
  assert.match(
    deepBody,
    /<body class="app-body"><article class="deep-layout"><p class="deep">/,
  );

  const [grouped, groupedBody] = await text("/grouped");
  assert.equal(grouped.headers.get("x-trail"), "root-1,root-2,group");
  assert.match(
    groupedBody,
    /<div class="root-layout"><section class="group-layout"><p class="grouped">/,
  );

  const stopped = await text("/deep/page?stop");
  assert.equal(stopped[0].status, 418);
  assert.equal(stopped[1], "stopped by deep middleware");
  assert.equal(stopped[0].headers.get("x-trail"), "root-1,root-2,deep");

  // unmatched URLs run root middleware only
  const missing = await fetchFixture("/deep/missing");
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("x-trail"), "root-1,root-2");
  assert.equal(missing.headers.get("x-destination"), "notFound");
  await missing.body?.cancel();
});

Deno.test("skipAppWrapper and skipInheritedLayouts on routes", async () => {
  const [, noApp] = await text("/no-app");
  assert.match(
    noApp,
    /^<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">/,
  );
  assert.match(noApp, /<body><div class="root-layout"><p class="no-app">/);
  const [, noLayout] = await text("/no-layout");
  assert.match(
    noLayout,
    /<body class="app-body"><p class="no-layout">no layout<\/p><\/body>/,
  );
});

Deno.test("async route components, Response from async route, defineRoute", async () => {
  const [, body] = await text("/async-page");
  assert.match(body, /<p class="async">async root-1,root-2 true<\/p>/);
  const redirect = await fetchFixture("/async-page?redirect");
  assert.equal(redirect.status, 303);
  assert.equal(redirect.headers.get("location"), "/");
  await redirect.body?.cancel();
  assert.match(
    (await text("/defined"))[1],
    /<p class="defined">defined \/defined<\/p>/,
  );
});

Deno.test("404 and 500 pages: custom pages, sync NotFound, renderNotFound", async () => {
  const [nf, nfBody] = await text("/nope");
  assert.equal(nf.status, 404);
  assert.match(
    nfBody,
    /<div class="root-layout"><p class="not-found">Custom 404 for \/nope <\/p>/,
  );
  assert.match(nfBody, /data-app="yes"/);

  const [asked, askedBody] = await text("/render-not-found");
  assert.equal(asked.status, 404);
  assert.match(askedBody, /Custom 404 for \/render-not-found asked/);

  const [sync] = await text("/not-found-sync");
  assert.equal(sync.status, 404);

  const origError = console.error;
  console.error = () => {};
  try {
    const [asyncNf, asyncBody] = await text("/not-found-async");
    assert.equal(asyncNf.status, 500);
    assert.match(asyncBody, /Custom 500: gone later/);
    const [thrown, thrownBody] = await text("/throws");
    assert.equal(thrown.status, 500);
    assert.match(
      thrownBody,
      /<p class="error-page">Custom 500: boom from handler<\/p>/,
    );
    const [render, renderBody] = await text("/throws-render");
    assert.equal(render.status, 500);
    assert.match(renderBody, /Custom 500: boom from render/);
  } finally {
    console.error = origError;
  }
});

Deno.test("state script escaping stops </script> breakout and state forgery", async () => {
  const [, body] = await text("/forgery");
  const scripts = [...body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.equal(scripts.length, 2, scripts.join("\n"));
  assert.match(
    scripts[0],
    /^<script id="__FRSH_STATE_[0-9a-f]{32}" type="application\/json">$/,
  );
  const state = /type="application\/json">(.*?)<\/script>/.exec(body)![1];
  assert.ok(
    !state.includes("<") && !state.includes(">") && !state.includes("\u2028"),
  );
  assert.ok(state.includes("\\u003c/script\\u003e"));
  const parsed = JSON.parse(state);
  assert.equal(
    parsed.v[0][0].label,
    '</script><script id="__FRSH_STATE">alert(1)</script>\u2028',
  );
  // each render gets its own state id
  const [, again] = await text("/forgery");
  const id = (s: string) => /__FRSH_STATE_([0-9a-f]{32})/.exec(s)![1];
  assert.notEqual(id(body), id(again));
});

Deno.test("plugins: routes, catch-all params, middleware, styles and links", async () => {
  const [page, pageBody] = await text("/plugin/page");
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("x-plugin-mw"), "1");
  assert.match(pageBody, /<p class="plugin-page">plugin page<\/p>/);
  assert.match(
    pageBody,
    /<style id="plugin-style">\.from-plugin\{color:red\}<\/style>/,
  );
  assert.match(
    pageBody,
    /<link rel="preconnect" href="https:\/\/example.com"\/>/,
  );
  assert.match(pageBody, /<style id="__FRSH_TWIND">/);
  assert.equal((await text("/plugin/api/x/y"))[1], "api x/y");
});

Deno.test("island bundles are served immutable under the build id", async () => {
  const [, body] = await text("/");
  const boot = /src="(\/_frsh\/js\/[0-9a-f]{40}\/boot\.js)"/.exec(body)![1];
  const res = await fetchFixture(boot);
  assert.equal(res.status, 200);
  assert.equal(
    res.headers.get("cache-control"),
    "public, max-age=31536000, immutable",
  );
  assert.match(res.headers.get("content-type")!, /javascript/);
  assert.ok((await res.text()).length > 100);
  const missing = await fetchFixture("/_frsh/js/nope/boot.js");
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
});

Deno.test("unrendered island children ship in a template; nested islands render plainly", async () => {
  const [, body] = await text("/islands");
  assert.match(
    body,
    /<template id="frsh-slot-disclosure_default-\d+-children"><!--frsh-slot-disclosure_default:\d+:children--><p class="hidden-child">from the template<\/p><!--\/frsh-slot-disclosure_default:\d+:children--><\/template>/,
  );
  // the Counter used inside Disclosure's own code gets no markers of its own
  assert.equal([...body.matchAll(/<!--frsh-counter_default:/g)].length, 1);
  assert.match(body, /inner island is plain/);
});

Deno.test("asset() URLs carry the rendering server's build id, whatever the process's", async () => {
  await fixture();
  const processId = getBuildId();
  // Another server in the process (one loaded from a build snapshot) sets
  // the process's id; this server's pages must keep linking its own.
  setBuildId("0".repeat(40));
  try {
    const [, page] = await text("/static-page");
    const busted = /<a href="(\/foo\.txt\?__frsh_c=[0-9a-f]{40})">/.exec(page)
      ?.[1];
    assert.ok(busted && !busted.endsWith("0".repeat(40)), busted);
    const res = await fetchFixture(busted);
    await res.body?.cancel();
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    assert.equal(getBuildId(), "0".repeat(40), "the process's id is restored");
  } finally {
    setBuildId(processId);
  }
});
