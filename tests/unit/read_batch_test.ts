/**
 * ReadBatch (lib/cache/batch.ts): callers of one key share a read only until
 * it starts, so no caller gets an answer read before it arrived.
 */
import assert from "node:assert/strict";
import { ReadBatch } from "../../lib/cache/batch.ts";

/** A promise and the function that settles it. */
function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((resolve) => open = resolve);
  return { promise, open };
}

Deno.test("callers before the read starts share it; each key has its own", async () => {
  const start = gate();
  const batch = new ReadBatch<string>(() => start.promise);
  const reads: string[] = [];
  const read = (key: string) => () => {
    reads.push(key);
    return Promise.resolve(`${key}#${reads.length}`);
  };
  const a = [batch.read("a", read("a")), batch.read("a", read("a"))];
  const b = batch.read("b", read("b"));
  assert.deepEqual(reads, [], "nothing is read before the deferral");
  start.open();
  assert.deepEqual(await Promise.all(a), ["a#1", "a#1"]);
  assert.equal(await b, "b#2");
  assert.deepEqual(reads, ["a", "b"]);
});

Deno.test("a caller after the read started gets a read of its own", async () => {
  const batch = new ReadBatch<number>(() => Promise.resolve());
  const first = gate<number>();
  let reads = 0;
  const early = batch.read("k", () => {
    reads++;
    return first.promise;
  });
  // Wait until the first read has started (and is still running).
  while (reads === 0) await Promise.resolve();
  const late = batch.read("k", () => {
    reads++;
    return Promise.resolve(2);
  });
  first.open(1);
  assert.equal(await early, 1);
  assert.equal(
    await late,
    2,
    "the late caller's answer was read after it arrived",
  );
  assert.equal(reads, 2);
});

Deno.test("a failed read fails its callers and is not kept", async () => {
  const batch = new ReadBatch<number>(() => Promise.resolve());
  const failing = () => Promise.reject(new Error("down"));
  const both = [batch.read("k", failing), batch.read("k", failing)];
  for (const p of both) await assert.rejects(p, /down/);
  assert.equal(await batch.read("k", () => Promise.resolve(3)), 3);
});
