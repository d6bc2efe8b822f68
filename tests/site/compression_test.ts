/**
 * Pages rendered per request leave gzipped when the client accepts it
 * (Deno.serve does not compress): lib/http/content_encoding.ts and the app's
 * middleware, over real HTTP.
 */
import assert from "node:assert/strict";
import { gzipResponse } from "../../lib/http/content_encoding.ts";
import { startApp } from "../support/app.ts";

const page = "<p>teppanyaki</p>".repeat(200);
const html = (body: string, headers: HeadersInit = {}) =>
  new Response(body, {
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  });
const gunzip = (res: Response) =>
  new Response(res.body!.pipeThrough(new DecompressionStream("gzip"))).text();

Deno.test("gzipResponse: a page is gzipped for a client that accepts gzip, with Vary and a weak ETag", async () => {
  const req = new Request("http://x/book", {
    headers: { "accept-encoding": "gzip, deflate, br, zstd" },
  });
  const res = gzipResponse(
    req,
    html(page, { etag: '"abc"', vary: "Cookie", "content-length": "3400" }),
  );
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(res.headers.get("content-length"), null);
  assert.equal(res.headers.get("vary"), "Cookie, Accept-Encoding");
  assert.equal(res.headers.get("etag"), 'W/"abc"');
  assert.equal(await gunzip(res), page);
});

Deno.test("gzipResponse: what it leaves alone", async () => {
  const accepts = (method = "GET") =>
    new Request("http://x/", {
      method,
      headers: { "accept-encoding": "gzip" },
    });
  const plain = new Request("http://x/");
  const cases: [Request, Response][] = [
    [plain, html(page)],
    [
      new Request("http://x/", { headers: { "accept-encoding": "br" } }),
      html(page),
    ],
    [accepts(), html("<p>short</p>", { "content-length": "12" })],
    [
      accepts(),
      new Response(page, { headers: { "content-type": "text/csv" } }),
    ],
    [accepts(), html(page, { "content-encoding": "br" })],
    [accepts(), html(page, { "cache-control": "no-transform" })],
    [accepts(), new Response(null, { status: 304 })],
    [accepts("HEAD"), html(page)],
  ];
  for (const [req, res] of cases) {
    const out = gzipResponse(req, res);
    assert.equal(out, res);
    await out.body?.cancel();
  }
});

Deno.test({
  name:
    "the booking page over HTTP: gzipped for a browser, identity with its length for a client without Accept-Encoding",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await startApp({ serve: true });
    try {
      const url = `${app.url}/book`;
      const browser = await fetch(url, {
        headers: { "accept-encoding": "gzip, deflate, br" },
      });
      assert.equal(browser.status, 200);
      assert.equal(browser.headers.get("content-encoding"), "gzip");
      // fetch decodes the body it was sent gzipped.
      const decoded = await browser.text();
      assert.match(decoded, /<html/);
      const identity = await fetch(url, {
        headers: { "accept-encoding": "identity" },
      });
      assert.equal(identity.headers.get("content-encoding"), null);
      // Sent whole with its length, not chunked: the middleware leaves the
      // rendered string as it is (reading its body would make it a stream).
      const bytes = new Uint8Array(await identity.arrayBuffer());
      assert.equal(
        identity.headers.get("content-length"),
        String(bytes.length),
      );
      assert.match(new TextDecoder().decode(bytes), /<html/);
    } finally {
      await app.dispose();
    }
  },
});
