/** pathToPattern and sortRoutePaths behave exactly like Fresh 1.7's fs_extract. */
import assert from "node:assert/strict";
import {
  pathToPattern,
  selectScoped,
  sortRoutePaths,
  toBaseRoute,
} from "../../framework/src/server/route_paths.ts";

Deno.test("pathToPattern converts file paths", () => {
  const table: [string, string][] = [
    ["foo/bar", "/foo/bar"],
    ["foo/index", "/foo"],
    ["index", "/"],
    ["(group)/index", "/"],
    ["foo/(group)/bar", "/foo/bar"],
    ["foo/[name]", "/foo/:name"],
    ["foo/[name]/bar/[bob]", "/foo/:name/bar/:bob"],
    ["foo/[...name]", "/foo/:name*"],
    ["foo/[mod]@[version]", "/foo/:mod@:version"],
    ["foo/[bar].json", "/foo/:bar.json"],
    ["foo/foo[bar]", "/foo/foo:bar"],
    ["foo/[[name]]", "/foo{/:name}?"],
    ["foo/[name]/[[bob]]", "/foo/:name{/:bob}?"],
    ["foo/[[name]]/bar", "/foo{/:name}?/bar"],
    ["foo/[[name]]/bar/[[bob]]", "/foo{/:name}?/bar{/:bob}?"],
  ];
  for (const [input, expected] of table) {
    assert.equal(pathToPattern(input), expected, input);
  }
});

Deno.test("pathToPattern rejects ambiguous or malformed params", () => {
  for (
    const bad of [
      "foo/[foo][bar]",
      "foo/foo]",
      "foo/[foo]]",
      "foo/foo-[[name]]-bar/baz",
      "foo/[[name]]-bar/baz",
      "foo/foo-[[name]]/baz",
      "foo/foo-[[name]]",
      "foo/[[name]]-bar",
    ]
  ) {
    assert.throws(() => pathToPattern(bad), SyntaxError, bad);
  }
});

Deno.test("sortRoutePaths: middleware > layout > static > param > catch-all", () => {
  const routes = [
    "/foo/[id]",
    "/foo/[...slug]",
    "/foo/bar",
    "/foo/_layout",
    "/foo/index",
    "/foo/_middleware",
    "/foo/bar/_middleware",
    "/foo/bar/index",
    "/foo/bar/[...foo]",
    "/foo/bar/baz",
    "/foo/bar/_layout",
  ];
  routes.sort(sortRoutePaths);
  assert.deepEqual(routes, [
    "/foo/_middleware",
    "/foo/_layout",
    "/foo/bar",
    "/foo/index",
    "/foo/bar/_middleware",
    "/foo/bar/_layout",
    "/foo/bar/index",
    "/foo/bar/baz",
    "/foo/bar/[...foo]",
    "/foo/[id]",
    "/foo/[...slug]",
  ]);
});

Deno.test("sortRoutePaths puts _app first and keeps alphabetical ties", () => {
  const keys = [
    "./routes/about.tsx",
    "./routes/[slug].tsx",
    "./routes/_app.tsx",
    "./routes/api/x.ts",
    "./routes/_404.tsx",
  ];
  keys.sort(sortRoutePaths);
  assert.equal(keys[0], "./routes/_app.tsx");
  assert.equal(keys[keys.length - 1], "./routes/[slug].tsx");
  assert.ok(
    keys.indexOf("./routes/_404.tsx") < keys.indexOf("./routes/about.tsx"),
  );
});

Deno.test("scopes: a folder's layouts and middleware apply to it and below", () => {
  assert.equal(toBaseRoute("foo/bar"), "/foo/bar");
  assert.equal(toBaseRoute("foo/_layout"), "/foo");
  assert.equal(toBaseRoute("foo/index"), "/foo");
  assert.equal(toBaseRoute("_middleware"), "/");
  const items = ["/", "/foo", "/foobar", "/(g)"].map((baseRoute) => ({
    baseRoute,
  }));
  assert.deepEqual(selectScoped("/foo/bar", items).map((i) => i.baseRoute), [
    "/",
    "/foo",
  ]);
  assert.deepEqual(selectScoped("/", items).map((i) => i.baseRoute), ["/"]);
  assert.deepEqual(selectScoped("/(g)", items).map((i) => i.baseRoute), [
    "/",
    "/(g)",
  ]);
});
