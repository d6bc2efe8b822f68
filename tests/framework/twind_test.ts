/** twind CSS is generated once per distinct class set and reused. */
import assert from "node:assert/strict";
import {
  classesInHtml,
  TwindCssCache,
} from "../../framework/plugins/twindv1.ts";
import twindConfig from "./fixture/twind.config.ts";
import { fetchFixture } from "./helpers.ts";

Deno.test("TwindCssCache generates CSS per class set once (order-insensitive)", () => {
  const cache = new TwindCssCache(twindConfig);
  const a = cache.cssFor(["p-2 text-red-500", "mt-1"]);
  assert.match(a, /\.p-2\{padding:0\.5rem\}/);
  assert.match(a, /\.mt-1\{margin-top:0\.25rem\}/);
  assert.equal(cache.misses, 1);
  assert.equal(cache.cssFor(["mt-1", "text-red-500 p-2"]), a);
  assert.equal(cache.misses, 1);
  cache.cssFor(["p-3"]);
  assert.equal(cache.misses, 2);
});

Deno.test("TwindCssCache keeps authored class order unless twind changes the tokens", () => {
  const cache = new TwindCssCache(twindConfig);
  // twind alone would sort these ("px-1 text-lg font-bold text-stone-900"):
  // islands render the authored string, so the server sends it (ADR 0048).
  assert.equal(
    cache.transform("text-stone-900 font-bold px-1 text-lg"),
    "text-stone-900 font-bold px-1 text-lg",
  );
  // A group expands into other tokens: twind's output is kept.
  assert.equal(
    cache.transform("hover:(underline font-bold) p-2"),
    "p-2 hover:font-bold hover:underline",
  );
  const css = cache.cssFor(["text-stone-900 font-bold px-1 text-lg"]);
  assert.match(css, /\.px-1\{/);
  assert.match(css, /\.font-bold\{font-weight:700\}/);
});

Deno.test("classesInHtml reads decoded class attributes", () => {
  assert.deepEqual(
    [...classesInHtml(
      '<p class="a b"></p><i class="content-[&quot;x&quot;]"></i><b class=""></b>',
    )],
    ["a b", 'content-["x"]'],
  );
});

Deno.test("rendered pages carry the CSS of their classes in <style id=__FRSH_TWIND>", async () => {
  const res = await fetchFixture("/islands");
  const body = await res.text();
  const css = /<style id="__FRSH_TWIND">(.*?)<\/style>/s.exec(body)?.[1] ?? "";
  assert.match(css, /\.p-2\{padding:0\.5rem\}/);
  // classes rendered only on the client are not in the server CSS
  assert.doesNotMatch(css, /rgb\(1,2,3\)/);
});
