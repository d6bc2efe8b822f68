/** Router options and middleware errors on a second server of the fixture. */
import assert from "node:assert/strict";
import { createHandler } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";
import config from "./fixture/fresh.config.ts";
import { text } from "./helpers.ts";

Deno.test("trailingSlash: true adds a slash with 308, except for file-like paths", async () => {
  const handler = await createHandler(manifest, {
    ...config,
    router: { trailingSlash: true },
  });
  const res = await handler(new Request("http://localhost/params/3?x=1"));
  assert.equal(res.status, 308);
  assert.equal(res.headers.get("location"), "http://localhost/params/3/?x=1");
  const page = await handler(new Request("http://localhost/params/3/"));
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<p class="param">3\|/);
  const file = await handler(new Request("http://localhost/foo.txt"));
  assert.equal(await file.text(), "bar");
});

Deno.test("a throwing middleware renders the 500 page", async () => {
  const origError = console.error;
  console.error = () => {};
  try {
    const [res, body] = await text("/mw-error");
    assert.equal(res.status, 500);
    assert.match(body, /Custom 500: boom from middleware/);
  } finally {
    console.error = origError;
  }
});

Deno.test("preRoute answers before routing and middleware; null passes the request on", async () => {
  const seen: string[] = [];
  const handler = await createHandler(manifest, {
    ...config,
    preRoute: (req) => {
      seen.push(new URL(req.url).pathname);
      return new URL(req.url).pathname === "/params/3/"
        ? new Response("early", { status: 203 })
        : null;
    },
  });
  // Answered as it is: no trailing-slash redirect, no route, no middleware.
  const early = await handler(new Request("http://localhost/params/3/"));
  assert.equal(early.status, 203);
  assert.equal(await early.text(), "early");
  const routed = await handler(new Request("http://localhost/foo.txt"));
  assert.equal(await routed.text(), "bar");
  assert.deepEqual(seen, ["/params/3/", "/foo.txt"]);
});
