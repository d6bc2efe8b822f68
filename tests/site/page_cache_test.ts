/**
 * Static generation with regeneration (issue 15): marketing pages are
 * rendered once per catalog version and served from memory with a strong
 * ETag; per-request headers stay per request.
 */
import assert from "node:assert/strict";
import { brotliDecompressSync } from "node:zlib";
import { negotiateCoding } from "../../lib/http/content_encoding.ts";
import { etagMatches, PageCache } from "../../lib/http/page_cache.ts";
import { startApp } from "../support/app.ts";
import { captureLogs, type LogRecord } from "../../lib/observability/log.ts";
import { httpRequests } from "../../lib/metrics/mod.ts";
import { decodeEntities } from "./app_handler.ts";

const html = (text: string, init: ResponseInit = {}) =>
  new Response(text, {
    ...init,
    headers: { "content-type": "text/html; charset=utf-8", ...init.headers },
  });

Deno.test("PageCache: one render per version, 304 on a matching ETag, HEAD without body", async () => {
  const cache = new PageCache({ paths: ["/", "/legal/*"] });
  let renders = 0;
  const render = () => Promise.resolve(html(`page ${++renders}`));
  const get = (version: string, headers: HeadersInit = {}, method = "GET") =>
    cache.serve(
      new Request("http://x/legal/terms", { headers, method }),
      version,
      render,
    );

  const first = await get("v1");
  assert.equal(await first.text(), "page 1");
  const etag = first.headers.get("etag")!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.match(first.headers.get("cache-control")!, /s-maxage=60/);
  assert.equal(await (await get("v1")).text(), "page 1");
  assert.equal(renders, 1);

  const notModified = await get("v1", { "if-none-match": `W/"x", ${etag}` });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body, null);
  const head = await get("v1", {}, "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), "6");
  assert.equal(await head.text(), "");

  const regenerated = await get("v2", { "if-none-match": etag });
  assert.equal(regenerated.status, 200);
  assert.equal(await regenerated.text(), "page 2");
  assert.notEqual(regenerated.headers.get("etag"), etag);
});

Deno.test("PageCache: brotli and gzip stored once, chosen by Accept-Encoding, each with its own ETag", async () => {
  const cache = new PageCache({ paths: ["/"] });
  const page = "<p>hibachi</p>".repeat(500);
  let renders = 0;
  const get = (headers: HeadersInit = {}, method = "GET") =>
    cache.serve(new Request("http://x/", { headers, method }), "v1", () => {
      renders++;
      return Promise.resolve(html(page));
    });

  const plain = await get();
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.equal(plain.headers.get("vary"), "Accept-Encoding");
  assert.equal(await plain.text(), page);

  const br = await get({ "accept-encoding": "gzip, deflate, br, zstd" });
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(br.headers.get("vary"), "Accept-Encoding");
  const brBytes = new Uint8Array(await br.arrayBuffer());
  assert.equal(Number(br.headers.get("content-length")), brBytes.length);
  assert.ok(brBytes.length < page.length / 10);
  assert.equal(new TextDecoder().decode(brotliDecompressSync(brBytes)), page);

  const gz = await get({ "accept-encoding": "gzip;q=1, br;q=0" });
  assert.equal(gz.headers.get("content-encoding"), "gzip");
  const unzipped = await new Response(
    gz.body!.pipeThrough(new DecompressionStream("gzip")),
  ).text();
  assert.equal(unzipped, page);

  const tags = [plain, br, gz].map((r) => r.headers.get("etag")!);
  assert.equal(new Set(tags).size, 3);
  // A tag of any coding of this version revalidates; the 304 names the
  // coding the request would get.
  const notModified = await get({
    "accept-encoding": "br",
    "if-none-match": tags[0],
  });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers.get("etag"), tags[1]);
  assert.equal(notModified.headers.get("content-encoding"), "br");
  const head = await get({ "accept-encoding": "gzip" }, "HEAD");
  assert.equal(
    head.headers.get("content-length"),
    gz.headers.get("content-length"),
  );
  assert.equal(await head.text(), "");
  assert.equal(renders, 1);
});

Deno.test("PageCache: concurrent misses of one version share one render", async () => {
  const cache = new PageCache({ paths: ["/"] });
  let renders = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const render = async () => {
    renders++;
    await gate;
    return html(`page ${renders}`);
  };
  const asks = Array.from(
    { length: 20 },
    () => cache.serve(new Request("http://x/"), "v1", render),
  );
  release();
  const bodies = await Promise.all(asks.map(async (r) => (await r).text()));
  assert.deepEqual(new Set(bodies), new Set(["page 1"]));
  assert.equal(renders, 1);
  // Another version is another render.
  assert.equal(
    await (await cache.serve(new Request("http://x/"), "v2", render)).text(),
    "page 2",
  );
});

Deno.test("negotiateCoding: brotli, then gzip, never a coding refused with q=0", () => {
  const both = ["br", "gzip"] as const;
  assert.equal(negotiateCoding("gzip, deflate, br", both), "br");
  assert.equal(negotiateCoding("gzip", both), "gzip");
  assert.equal(negotiateCoding("GZIP;q=0.5", both), "gzip");
  assert.equal(negotiateCoding("br;q=0, gzip;q=0", both), null);
  assert.equal(negotiateCoding("*", both), "br");
  assert.equal(negotiateCoding("*, br;q=0", both), "gzip");
  assert.equal(negotiateCoding("identity", both), null);
  assert.equal(negotiateCoding(null, both), null);
  assert.equal(negotiateCoding("br", ["gzip"]), null);
});

Deno.test("PageCache: only complete 200 HTML pages without cookies are kept", async () => {
  const cache = new PageCache({ paths: ["/"] });
  const req = () => new Request("http://x/");
  for (
    const response of [
      () => html("gone", { status: 404 }),
      () =>
        new Response("{}", { headers: { "content-type": "application/json" } }),
      () => html("hi", { headers: { "set-cookie": "a=b" } }),
    ]
  ) {
    let renders = 0;
    const render = () => {
      renders++;
      return Promise.resolve(response());
    };
    await (await cache.serve(req(), "v", render)).body?.cancel();
    await (await cache.serve(req(), "v", render)).body?.cancel();
    assert.equal(renders, 2);
  }
  assert.equal(cache.size, 0);
});

Deno.test("PageCache: a HEAD before any GET is answered but never stored (its render has no body)", async () => {
  const cache = new PageCache({ paths: ["/"] });
  let renders = 0;
  const render = (method: string) => () => {
    renders++;
    return Promise.resolve(html(method === "HEAD" ? "" : "full page"));
  };
  const ask = (method: string) =>
    cache.serve(new Request("http://x/", { method }), "v", render(method));
  const head = await ask("HEAD");
  assert.equal(head.status, 200);
  await head.body?.cancel();
  assert.equal(cache.size, 0);
  assert.equal(cache.stored("/", "v"), null);
  assert.equal(await (await ask("GET")).text(), "full page");
  const again = await ask("HEAD");
  assert.equal(again.headers.get("content-length"), "9");
  assert.equal(await (await ask("GET")).text(), "full page");
  assert.equal(renders, 2);
});

Deno.test("PageCache: which requests it covers", () => {
  const cache = new PageCache({ paths: ["/", "/service-area/*"] });
  const covers = (method: string, url: string) =>
    cache.covers(method, new URL(url, "http://x"));
  assert.equal(covers("GET", "/"), true);
  assert.equal(covers("HEAD", "/service-area/fremont"), true);
  assert.equal(covers("GET", "/service-area/"), false);
  assert.equal(covers("GET", "/?utm_source=x"), false);
  assert.equal(covers("POST", "/"), false);
  assert.equal(covers("GET", "/book"), false);
  assert.equal(etagMatches("*", '"a"'), true);
  assert.equal(etagMatches(null, '"a"'), false);
});

Deno.test({
  name:
    "the home page: same bytes and ETag per catalog version, fresh request ids, new prices regenerate it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await startApp();
    try {
      await app.parts.catalog.load();
      const a = await app.fetch("/");
      const b = await app.fetch("/");
      assert.equal(a.status, 200);
      const [textA, textB] = [await a.text(), await b.text()];
      assert.equal(textA, textB);
      assert.equal(a.headers.get("etag"), b.headers.get("etag"));
      assert.notEqual(
        a.headers.get("x-request-id"),
        b.headers.get("x-request-id"),
      );
      assert.ok(a.headers.get("content-security-policy"));

      const revalidated = await app.fetch("/", {
        headers: { "if-none-match": a.headers.get("etag")! },
      });
      assert.equal(revalidated.status, 304);
      assert.ok(revalidated.headers.get("x-request-id"));
      assert.ok(revalidated.headers.get("x-content-type-options"));

      await app.db.sql`update public.settings_versions
        set adult_price_cents = 5900
        where id = (app.settings_at(app.business_today())).id`;
      // Unchanged until the catalog is read again (on the change's NOTIFY
      // in a running instance; this test app runs no background work)…
      assert.equal(
        (await app.fetch("/")).headers.get("etag"),
        a.headers.get("etag"),
      );
      await app.parts.catalog.load();
      const changed = await app.fetch("/", {
        headers: { "if-none-match": a.headers.get("etag")! },
      });
      assert.equal(changed.status, 200);
      assert.match(decodeEntities(await changed.text()), /\$59 per adult/);
      assert.notEqual(changed.headers.get("etag"), a.headers.get("etag"));
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name:
    "a page-cache hit (answered before routing): every header, one access log line, metrics by route; HEAD, 304 and odd paths",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await startApp();
    try {
      await app.parts.catalog.load();
      const miss = await app.fetch("/faq");
      const page = await miss.text();
      const hitsOf = (status: string, method = "GET") =>
        httpRequests.get({ method, route: "/faq", status });
      const before = hitsOf("200");
      const records: LogRecord[] = [];
      const restore = captureLogs((r) => records.push(r));
      let hits: Response[];
      try {
        hits = [
          await app.fetch("/faq", {
            headers: { "x-request-id": "hit-test-0001", "user-agent": "t/1" },
          }),
          await app.fetch("/faq"),
        ];
      } finally {
        restore();
      }
      // Each hit is a whole copy of the page (stored answers are cloned,
      // never drained), with the headers of a rendered answer.
      for (const hit of hits) {
        assert.equal(hit.status, 200);
        assert.equal(await hit.text(), page);
        for (
          const name of [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
            "permissions-policy",
          ]
        ) {
          assert.equal(hit.headers.get(name), miss.headers.get(name), name);
        }
        assert.equal(hit.headers.get("etag"), miss.headers.get("etag"));
        assert.equal(hit.headers.get("vary"), "Accept-Encoding");
        assert.equal(
          hit.headers.get("content-length"),
          String(new TextEncoder().encode(page).length),
        );
      }
      assert.equal(hits[0].headers.get("x-request-id"), "hit-test-0001");
      assert.notEqual(hits[1].headers.get("x-request-id"), "hit-test-0001");
      assert.equal(hitsOf("200") - before, 2);
      const lines = records.filter((r) => r.msg === "request");
      assert.equal(lines.length, 2);
      assert.equal(lines[0].request_id, "hit-test-0001");
      assert.equal(lines[0].path, "/faq");
      assert.equal(lines[0].method, "GET");
      assert.equal(lines[0].status, 200);
      assert.equal(lines[0].ua, "t/1");
      assert.equal(lines[1].request_id, hits[1].headers.get("x-request-id"));

      const head = await app.fetch("/faq", { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(
        head.headers.get("content-length"),
        hits[0].headers.get("content-length"),
      );
      assert.equal(await head.text(), "");
      assert.equal(
        httpRequests.get({ method: "HEAD", route: "/faq", status: "200" }) > 0,
        true,
      );
      const notModified = await app.fetch("/faq", {
        headers: { "if-none-match": miss.headers.get("etag")! },
      });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.body, null);
      assert.ok(notModified.headers.get("x-request-id"));
      assert.ok(notModified.headers.get("content-security-policy"));

      // A path the router normalises still gets the stored page; a query
      // is rendered per request, as before.
      const doubled = await app.fetch("//faq");
      assert.equal(doubled.status, 200);
      assert.equal(await doubled.text(), page);
      assert.ok(doubled.headers.get("x-request-id"));
      const query = await app.fetch("/faq?utm_source=x");
      assert.equal(query.status, 200);
      assert.ok(query.headers.get("x-request-id"));
      await query.body?.cancel();
    } finally {
      await app.dispose();
    }
  },
});
