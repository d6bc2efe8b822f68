import assert from "node:assert/strict";
import { TtlCache } from "../../lib/cache/ttl.ts";

function counter() {
  let calls = 0;
  return {
    load: (value: string) => () => {
      calls++;
      return Promise.resolve(value);
    },
    get calls() {
      return calls;
    },
  };
}

Deno.test("TtlCache serves a value until its time-to-live has passed", async () => {
  let now = 0;
  const cache = new TtlCache<string>(1000, { now: () => now });
  const c = counter();
  assert.equal(await cache.get("k", c.load("a")), "a");
  now = 999;
  assert.equal(await cache.get("k", c.load("b")), "a");
  assert.equal(c.calls, 1);
  now = 1000;
  assert.equal(await cache.get("k", c.load("b")), "b");
  assert.equal(c.calls, 2);
});

Deno.test("TtlCache: concurrent misses share one load; keys are separate", async () => {
  const cache = new TtlCache<string>(1000, { now: () => 0 });
  let calls = 0;
  let release!: (v: string) => void;
  const load = () => {
    calls++;
    return new Promise<string>((r) => release = r);
  };
  const a = cache.get("k", load);
  const b = cache.get("k", load);
  release("v");
  assert.deepEqual(await Promise.all([a, b]), ["v", "v"]);
  assert.equal(calls, 1);
  assert.equal(await cache.get("other", () => Promise.resolve("w")), "w");
});

Deno.test("TtlCache forgets failed loads, clears on demand, and ttl 0 disables it", async () => {
  const cache = new TtlCache<string>(1000, { now: () => 0 });
  await assert.rejects(cache.get("k", () => Promise.reject(new Error("db"))));
  assert.equal(await cache.get("k", () => Promise.resolve("ok")), "ok");
  cache.clear();
  assert.equal(await cache.get("k", () => Promise.resolve("fresh")), "fresh");

  const off = new TtlCache<string>(0);
  const c = counter();
  await off.get("k", c.load("a"));
  await off.get("k", c.load("a"));
  assert.equal(c.calls, 2);
});

Deno.test("TtlCache drops the oldest entry beyond maxEntries", async () => {
  const cache = new TtlCache<string>(1000, { maxEntries: 2, now: () => 0 });
  const c = counter();
  await cache.get("a", c.load("a"));
  await cache.get("b", c.load("b"));
  await cache.get("c", c.load("c"));
  await cache.get("a", c.load("a2"));
  assert.equal(c.calls, 4, "a was evicted and loaded again");
  assert.equal(await cache.get("c", c.load("x")), "c");
});

Deno.test("TtlCache refreshes ahead: the old value is served while the new one loads", async () => {
  let now = 0;
  const cache = new TtlCache<string>(1000, {
    refreshAheadMs: 250,
    now: () => now,
  });
  let calls = 0;
  let release!: (v: string) => void;
  const load = (first: string) => () => {
    calls++;
    return calls === 1
      ? Promise.resolve(first)
      : new Promise<string>((r) => release = r);
  };
  assert.equal(await cache.get("k", load("a")), "a");
  now = 749;
  assert.equal(await cache.get("k", load("a")), "a");
  assert.equal(calls, 1, "not yet in the refresh window");
  now = 750;
  assert.equal(await cache.get("k", load("a")), "a", "served while reloading");
  assert.equal(await cache.get("k", load("a")), "a");
  assert.equal(calls, 2, "one reload at a time");
  release("b");
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(await cache.get("k", load("a")), "b");
  // Its age counts from when the reload started (750): fresh until 1750.
  now = 1749;
  assert.equal(await cache.get("k", () => Promise.resolve("x")), "b");
});

Deno.test("TtlCache: a reload that started before clear() is not kept", async () => {
  let now = 0;
  const cache = new TtlCache<string>(1000, {
    refreshAheadMs: 250,
    now: () => now,
  });
  let release!: (v: string) => void;
  assert.equal(await cache.get("k", () => Promise.resolve("a")), "a");
  now = 800;
  cache.get("k", () => new Promise<string>((r) => release = r));
  cache.clear();
  release("stale");
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(await cache.get("k", () => Promise.resolve("fresh")), "fresh");
});
