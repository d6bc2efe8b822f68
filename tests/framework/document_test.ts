/** The page document as UTF-8 bytes, encoded chunk by chunk. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeChunks } from "../../framework/src/server/document.ts";

const utf8 = new TextEncoder();

Deno.test("encodeChunks gives the UTF-8 of the joined chunks", () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: "grapheme" })),
      (chunks) => {
        assert.deepEqual(
          encodeChunks(chunks),
          utf8.encode(chunks.join("")),
        );
      },
    ),
  );
});

Deno.test("encodeChunks grows past its first guess for non-ASCII pages", () => {
  // Three bytes per character: far beyond one byte per character + margin.
  const chunks = ["<p>", "–".repeat(5000), "©", "</p>", "−".repeat(300)];
  const bytes = encodeChunks(chunks);
  assert.equal(bytes.length, 3 + 15000 + 2 + 4 + 900);
  assert.equal(new TextDecoder().decode(bytes), chunks.join(""));
});
