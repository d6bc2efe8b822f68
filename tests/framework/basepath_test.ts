/**
 * `router.basePath` (Fresh 1.7): the app answers under the base path only
 * (outside it: a redirect into it), routes match without it, static files,
 * island bundles and root-relative asset URLs carry it, root-relative
 * redirects are sent under it, handlers see `ctx.basePath`; in Chromium the
 * island, its client-rendered image, the stylesheet and a partial
 * navigation work under the base path.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { createHandler } from "$fresh/server.ts";
import {
  BASE,
  basePathConfig,
  basePathManifest,
} from "./basepath_app/routes.tsx";

const handler = await createHandler(basePathManifest, basePathConfig);
const get = (path: string, init?: RequestInit) =>
  handler(new Request(`http://localhost${path}`, init));

Deno.test("routes answer under the base path and match without it", async () => {
  const res = await get(`${BASE}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<p class="where">\/shop\/v1 \/<\/p>/);
  const other = await get(`${BASE}/other`);
  assert.match(await other.text(), /<h1>Other<\/h1>/);
  assert.equal(await (await get(`${BASE}/api/base`)).text(), BASE);
});

Deno.test("URLs outside the base path redirect into it", async () => {
  for (
    const [path, to] of [
      ["/", `${BASE}`],
      ["/other?x=1", `${BASE}/other?x=1`],
      ["/shop/v10", `${BASE}/shop/v10`],
    ]
  ) {
    const res = await get(path);
    assert.equal(res.status, 302, path);
    assert.equal(res.headers.get("location"), `http://localhost${to}`, path);
  }
});

Deno.test("root-relative redirects of middleware and handlers get the base path", async () => {
  const mw = await get(`${BASE}/old`);
  assert.equal(mw.status, 307);
  assert.equal(mw.headers.get("location"), `${BASE}/other`);
  const home = await get(`${BASE}/home`);
  assert.equal(home.status, 303);
  assert.equal(home.headers.get("location"), BASE);
});

Deno.test("static files, asset URLs and island bundles carry the base path", async () => {
  const file = await get(`${BASE}/hello.txt`);
  assert.equal(await file.text(), "hello from static\n");
  const html = await (await get(BASE)).text();
  assert.match(
    html,
    /<img class="server-img" src="\/shop\/v1\/pic\.svg\?__frsh_c=/,
  );
  assert.match(
    html,
    /srcset="\/shop\/v1\/pic\.svg\?__frsh_c=[^" ]+ 1x, \/shop\/v1\/pic\.svg\?__frsh_c=[^" ]+ 2x"/,
  );
  assert.match(html, /<img class="abs" src="https:\/\/example\.com\/x\.png"/);
  assert.match(html, /<script src="\/shop\/v1\/script\.js"/);
  assert.match(
    html,
    /<link rel="stylesheet" href="\/shop\/v1\/style\.css\?__frsh_c=/,
  );
  const boot = /<script type="module" src="([^"]+)"/.exec(html)![1];
  assert.match(boot, /^\/shop\/v1\/_frsh\/js\/[^/]+\/boot\.js$/);
  const js = await get(boot);
  assert.equal(js.status, 200);
  assert.match(js.headers.get("content-type")!, /javascript/);
  await js.body?.cancel();
  // not served at the root
  const bare = await get(boot.slice(BASE.length));
  assert.equal(bare.status, 302);
});

Deno.test({
  name: "browser: island, assets and partial navigation under the base path",
  ignore: skipWithoutChromium("basePath browser test"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      handler,
    );
    let browser: Browser | null = null;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      const failed: string[] = [];
      const documents: string[] = [];
      page.on("response", (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      page.on("request", (r) => {
        if (r.resourceType() === "document") documents.push(r.url());
      });
      page.on("pageerror", (e) => failed.push(String(e)));
      const base = `http://127.0.0.1:${server.addr.port}`;
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, BASE);
      await page.waitForFunction(() =>
        document.getElementById("script-output")?.textContent === "script ran"
      );
      assert.equal(
        await page.locator("h1.styled").evaluate((el) =>
          getComputedStyle(el).color
        ),
        "rgb(255, 0, 0)",
      );
      // the island hydrates and its client-rendered image gets the base path
      await page.locator(".toggle button").click();
      await page.waitForSelector(".client-img");
      const src = await page.locator(".client-img").evaluate((el) =>
        (el as HTMLImageElement).src
      );
      assert.match(src, /\/shop\/v1\/pic\.svg\?__frsh_c=/);
      await page.waitForFunction(() =>
        (document.querySelector(".client-img") as HTMLImageElement).complete
      );
      assert.ok(
        await page.locator(".client-img").evaluate((el) =>
          (el as HTMLImageElement).naturalWidth > 0
        ),
      );
      await page.locator("a.to-other").click();
      await page.waitForSelector("main.other");
      assert.equal(new URL(page.url()).pathname, `${BASE}/other`);
      assert.equal(
        documents.length,
        2,
        "one redirect + one load; the rest is partial",
      );
      assert.deepEqual(failed, []);
    } finally {
      await browser?.close();
      await server.shutdown();
    }
  },
});
