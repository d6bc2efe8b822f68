/**
 * Non-ASCII text children leave the server as character references
 * (ADR 0055): the page's body stays a one-byte string, and what a browser
 * reads is the same text.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { createHandler, type Manifest } from "$fresh/server.ts";
import { asciiHtml } from "../../framework/src/server/ascii_text.ts";
import { formManifest } from "./compat_app/routes.tsx";

/** What a browser reads back from text written as `html`. */
function decode(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

Deno.test("asciiHtml writes any text as ASCII that decodes to the same text", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
      const html = asciiHtml(text);
      assert.doesNotMatch(html, /[\u0080-\uFFFF]/);
      assert.doesNotMatch(html, /<|>/);
      assert.equal(decode(html), text);
    }),
  );
  assert.equal(asciiHtml("0–50 <b> & ©"), "0&#8211;50 &lt;b&gt; &amp; &#169;");
  assert.equal(asciiHtml("🍤"), "&#127844;", "one reference per code point");
});

const CONSTANT_CHILDREN = ["one ", "− two"] as const;

const manifest: Manifest = {
  ...formManifest,
  routes: {
    "./routes/page.tsx": {
      default: () => (
        <main>
          <p title="a–b">Gratuity (0–50) & more</p>
          <button type="button">−</button>
          <ul>{["é", "plain", 3].map((x) => <li key={x}>{x}</li>)}</ul>
          <p>{CONSTANT_CHILDREN}</p>
          <script>var s = '–';</script>
          <textarea name="t" value="naïve" />
        </main>
      ),
    },
  },
};

Deno.test("pages write non-ASCII text as references, script text as it is", async () => {
  const handler = await createHandler(manifest, {});
  for (let i = 0; i < 2; i++) {
    const res = await handler(new Request("http://localhost/page"));
    const body = await res.text();
    const main = body.slice(body.indexOf("<main>"), body.indexOf("</main>"));
    assert.ok(
      main.includes('<p title="a–b">Gratuity (0&#8211;50) &amp; more</p>'),
      main,
    );
    assert.ok(main.includes('<button type="button">&#8722;</button>'), main);
    assert.ok(main.includes("<li>&#233;</li><li>plain</li><li>3</li>"), main);
    assert.ok(main.includes("<p>one &#8722; two</p>"), main);
    assert.ok(main.includes("<script>var s = '–';</script>"), main);
    assert.ok(main.includes(">naïve</textarea>"), main);
  }
  assert.deepEqual(
    CONSTANT_CHILDREN,
    ["one ", "− two"],
    "the constant is kept",
  );
});
