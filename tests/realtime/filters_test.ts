/** Pure parts: filter parsing/evaluation, frame codec, notice parsing. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { matchesFilter, parseFilter } from "../../local/realtime/filters.ts";
import { parseNotice } from "../../local/realtime/notice.ts";
import {
  decodeFrame,
  encodeFrame,
  encodeFrameWithPayloadJson,
} from "../../local/realtime/protocol.ts";

const types = new Map([
  ["id", "uuid"],
  ["qty", "int4"],
  ["title", "text"],
  ["at", "timestamptz"],
  ["paid", "bool"],
  ["note", "text"],
]);
const row = {
  id: "0D6A3A52-0000-4000-8000-000000000001".toLowerCase(),
  qty: 12,
  title: "Hibachi, deluxe",
  at: "2026-12-01T18:00:00+00:00",
  paid: false,
  note: null,
};
const match = (f: string) => matchesFilter(parseFilter(f), row, types);

Deno.test("filters compare by column type", () => {
  assert.equal(match(""), true);
  assert.equal(
    match("id=eq.0D6A3A52-0000-4000-8000-000000000001"),
    true,
    "uuid is case-insensitive",
  );
  assert.equal(match("qty=eq.12"), true);
  assert.equal(match("qty=eq.12.0"), true, "numeric, not textual");
  assert.equal(
    match("qty=gt.9"),
    true,
    "9 < 12 numerically although '9' > '12' as text",
  );
  assert.equal(match("qty=lt.9"), false);
  assert.equal(match("qty=lte.12,qty=gte.12"), true, "comma is AND");
  assert.equal(match("qty=lte.12,qty=gte.13"), false);
  assert.equal(match("qty=in.(1,12,30)"), true);
  assert.equal(match("qty=in.(1,2)"), false);
  assert.equal(
    match('title=eq."Hibachi, deluxe"'),
    true,
    "quoted value keeps its comma",
  );
  assert.equal(match('title=in.("Hibachi, deluxe",x)'), true);
  assert.equal(match("title=like.Hibachi%"), true);
  assert.equal(match("title=ilike.*DELUXE"), true);
  assert.equal(match("title=like.hibachi%"), false);
  assert.equal(
    match("at=gt.2026-12-01 17:00:00+00"),
    true,
    "PostgreSQL timestamp spelling",
  );
  assert.equal(
    match("at=eq.2026-12-01T10:00:00-08:00"),
    true,
    "same instant, other offset",
  );
  assert.equal(match("paid=eq.false"), true);
  assert.equal(match("paid=is.false"), true);
  assert.equal(match("note=is.null"), true);
  assert.equal(match("note=not.is.null"), false);
  assert.equal(match("note=eq.x"), false, "NULL = x is unknown");
  assert.equal(match("note=not.eq.x"), false, "NOT unknown is unknown");
  assert.equal(match("note=isdistinct.x"), true);
  assert.equal(match("qty=not.eq.5"), true);
  assert.equal(
    match("qty=eq.abc"),
    false,
    "an operand that is not a number never matches",
  );
  assert.equal(match("missing=eq.1"), false);
});

Deno.test("malformed filters are rejected at parse time", () => {
  for (
    const bad of [
      "qty",
      "qty=",
      "qty=zz.1",
      "=eq.1",
      "qty=in.1,2",
      "qty=in.()",
      "a b=eq.1",
      "x=is.maybe",
    ]
  ) {
    assert.throws(() => parseFilter(bad), Error, bad);
  }
});

Deno.test("eq on integers agrees with numeric equality (property)", () => {
  fc.assert(fc.property(fc.integer(), fc.integer(), (a, b) => {
    const hit = matchesFilter(parseFilter(`qty=eq.${b}`), { qty: a }, types);
    const lt = matchesFilter(parseFilter(`qty=lt.${b}`), { qty: a }, types);
    return hit === (a === b) && lt === (a < b);
  }));
});

Deno.test("frames round-trip in both protocol versions (property)", () => {
  const ref = fc.option(fc.string(), { nil: null });
  const msg = fc.record({
    join_ref: ref,
    ref,
    topic: fc.string(),
    event: fc.string(),
    payload: fc.jsonValue().map((v) => v ?? {}),
  });
  fc.assert(
    fc.property(
      msg,
      fc.constantFrom("1.0.0" as const, "2.0.0" as const),
      (m, vsn) => {
        assert.deepEqual(
          decodeFrame(encodeFrame(m, vsn), vsn),
          JSON.parse(JSON.stringify(m)),
        );
        const raw = encodeFrameWithPayloadJson(
          m,
          JSON.stringify(m.payload),
          vsn,
        );
        assert.equal(raw, encodeFrame(m, vsn));
      },
    ),
  );
});

Deno.test("junk frames decode to null instead of throwing", () => {
  assert.equal(decodeFrame("{", "2.0.0"), null);
  assert.equal(decodeFrame("[1,2,3]", "2.0.0"), null);
  assert.equal(
    decodeFrame('{"topic":"t","event":"e"}', "2.0.0"),
    null,
    "objects are vsn 1 only",
  );
  assert.equal(decodeFrame(new Uint8Array([4, 0, 0]), "2.0.0"), null);
  assert.equal(
    decodeFrame(new Uint8Array([3, 200, 0, 0, 0, 0, 1]), "2.0.0"),
    null,
    "lengths beyond the frame",
  );
});

Deno.test("notices are validated", () => {
  const ok = {
    schema: "public",
    table: "bookings",
    type: "UPDATE",
    commit_timestamp: "2026-11-25T17:50:52.267Z",
    pk: { id: "x" },
    old_record: { id: "x" },
  };
  assert.deepEqual(parseNotice(JSON.stringify(ok)), ok);
  assert.equal(parseNotice(JSON.stringify({ ...ok, type: "TRUNCATE" })), null);
  assert.equal(parseNotice(JSON.stringify({ ...ok, pk: null })), null);
  assert.equal(parseNotice("nope"), null);
});
