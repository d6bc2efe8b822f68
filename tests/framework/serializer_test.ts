/** Island props wire format: literal checks against Fresh's snapshots plus round trips. */
import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import { h } from "preact";
import fc from "fast-check";
import { serialize } from "../../framework/src/server/serializer.ts";
import { deserialize } from "../../framework/src/runtime/deserializer.ts";
import { htmlEscapeJsonString } from "../../framework/src/server/htmlescape.ts";

Deno.test("plain JSON needs no deserializer", () => {
  const res = serialize([[{ message: "Hello!" }], []]);
  assert.equal(res.serialized, '{"v":[[{"message":"Hello!"}],[]]}');
  assert.equal(res.requiresDeserializer, false);
  assert.equal(res.hasSignals, false);
  const prims = serialize({
    a: 1,
    b: "2",
    c: true,
    d: null,
    f: [1, 2, 3],
    g: { a: 1, b: 2, c: 3 },
  });
  assert.equal(
    prims.serialized,
    '{"v":{"a":1,"b":"2","c":true,"d":null,"f":[1,2,3],"g":{"a":1,"b":2,"c":3}}}',
  );
});

Deno.test("magic key objects, circular and shared references match Fresh", () => {
  assert.equal(
    serialize({ _f: "f", a: 1 }).serialized,
    '{"v":{"_f":"l","k":"f","v":{"a":1}}}',
  );
  const circ: Record<string, unknown> = { a: 1 };
  circ.b = circ;
  assert.equal(
    serialize(circ).serialized,
    '{"v":{"a":1,"b":0},"r":[[[],["b"]]]}',
  );
  const nested: Record<string, unknown> = { a: 1 };
  nested.b = { c: 2, d: nested };
  assert.equal(
    serialize(nested).serialized,
    '{"v":{"a":1,"b":{"c":2,"d":0}},"r":[[[],["b","d"]]]}',
  );
  const arr: unknown[] = [1, 2, 3];
  arr.push(arr);
  assert.equal(serialize(arr).serialized, '{"v":[1,2,3,0],"r":[[[],["3"]]]}');
  const inner = { c: 2 };
  assert.equal(
    serialize({ a: 1, b: inner, d: inner }).serialized,
    '{"v":{"a":1,"b":{"c":2},"d":0},"r":[[["b"],["d"]]]}',
  );
  const shared = { foo: "bar" };
  assert.equal(
    serialize({ literal: { _f: "x", inner: shared }, inner: shared })
      .serialized,
    '{"v":{"literal":{"_f":"l","k":"x","v":{"inner":{"foo":"bar"}}},"inner":0},"r":[[["literal",null,"inner"],["inner"]]]}',
  );
});

Deno.test("signals, bigint, Uint8Array and Date", () => {
  const s = signal(3);
  const res = serialize({
    s,
    t: s,
    big: 10n,
    bytes: new Uint8Array([1, 2, 3, 250]),
    when: new Date(0),
  });
  assert.equal(
    res.serialized,
    '{"v":{"s":{"_f":"s","v":3},"t":0,"big":{"_f":"b","d":"10"},"bytes":{"_f":"u8a","d":"AQID+g=="},"when":"1970-01-01T00:00:00.000Z"},"r":[[["s"],["t"]]]}',
  );
  assert.ok(res.requiresDeserializer && res.hasSignals);
  const back = deserialize(res.serialized, signal) as Record<string, unknown>;
  assert.equal(back.s, back.t);
  assert.equal((back.s as { value: number }).value, 3);
  assert.equal(back.big, 10n);
  assert.deepEqual(back.bytes, new Uint8Array([1, 2, 3, 250]));
  assert.equal(back.when, "1970-01-01T00:00:00.000Z");
});

Deno.test("functions are dropped; JSX outside children throws", () => {
  assert.equal(
    serialize({ a: () => 1, b: [() => 1], c: undefined }).serialized,
    '{"v":{"b":[null]}}',
  );
  assert.throws(() => serialize({ icon: h("b", null) }), /children/);
});

Deno.test("round trip for arbitrary JSON-like values with shared references", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      const shared = { a, b };
      const value = { x: shared, y: [shared, { z: b }] };
      const back = deserialize(serialize(value).serialized) as typeof value;
      assert.deepEqual(
        JSON.parse(JSON.stringify(back)),
        JSON.parse(JSON.stringify(value)),
      );
      assert.equal(back.x, back.y[0]);
    }),
    { numRuns: 200 },
  );
});

Deno.test("htmlEscapeJsonString removes every way out of a script element", () => {
  const json = JSON.stringify({ s: "</script><!--\u2028\u2029&" });
  const escaped = htmlEscapeJsonString(json);
  assert.ok(!/[<>&\u2028\u2029]/.test(escaped));
  assert.equal(
    escaped,
    '{"s":"\\u003c/script\\u003e\\u003c!--\\u2028\\u2029\\u0026"}',
  );
  assert.deepEqual(JSON.parse(escaped), JSON.parse(json));
});
