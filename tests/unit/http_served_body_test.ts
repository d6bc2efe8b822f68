/**
 * `readJson` behind a real `Deno.serve`: a body with a declared length is
 * parsed by the runtime's `Request.json()` (decoded straight into a string
 * when it has fully arrived), a chunked one by a `TextDecoder`. Both must give
 * the same answers (ADR 0057). A byte order mark is left out: whether the
 * runtime's fast path (which keeps it) or its stream (which drops it) reads a
 * declared body depends on whether the body came with the headers.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { readJson } from "../../lib/http/mod.ts";

/** The parsed body as JSON, or the error response as is. */
async function echo(req: Request): Promise<Response> {
  const body = await readJson(req, 4096);
  return body.ok ? Response.json({ value: body.value }) : body.response;
}

function serve(): { url: string; close(): Promise<void> } {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    echo,
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    close: () => server.shutdown(),
  };
}

/** A body sent with Content-Length (bytes) or in chunks (a stream). */
function send(url: string, bytes: Uint8Array, chunked: boolean) {
  const body = chunked
    ? new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 1));
        c.enqueue(bytes.slice(1));
        c.close();
      },
    })
    : new Uint8Array(bytes);
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

async function outcome(
  res: Response,
): Promise<{ status: number; value?: unknown; code?: string }> {
  const json = await res.json();
  return res.ok
    ? { status: res.status, value: json.value }
    : { status: res.status, code: json.error.code };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

Deno.test("readJson served: declared and chunked bodies read and refuse alike", async () => {
  const server = serve();
  try {
    const cases: [string, Uint8Array, number, unknown?][] = [
      ["valid", utf8('{"a":"€","n":[1,2]}'), 200, { a: "€", n: [1, 2] }],
      [
        "not UTF-8 inside a string",
        new Uint8Array([...utf8('{"a":"'), 0xff, ...utf8('"}')]),
        200,
        { a: "\uFFFD" },
      ],
      [
        "a character cut short",
        new Uint8Array([...utf8('{"a":"'), 0xe2, 0x82, ...utf8('x"}')]),
        200,
        { a: "\uFFFDx" },
      ],
      ["a pasted U+FFFD", utf8('{"a":"caf\uFFFD"}'), 200, { a: "caf\uFFFD" }],
      ["not UTF-8 outside strings", new Uint8Array([0x7b, 0xff, 0x7d]), 400],
      ["not JSON", utf8("{'a':1}"), 400],
      ["blank", utf8("   "), 400],
      ["over the limit", utf8(JSON.stringify({ a: "x".repeat(5000) })), 413],
    ];
    for (const [name, bytes, status, value] of cases) {
      for (const chunked of [false, true]) {
        const got = await outcome(await send(server.url, bytes, chunked));
        assert.equal(got.status, status, `${name}, chunked ${chunked}`);
        if (status === 400) assert.equal(got.code, "MALFORMED_JSON", name);
        if (status === 200) assert.deepEqual(got.value, value, name);
      }
    }
    const empty = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "0" },
    });
    assert.equal((await outcome(empty)).code, "MALFORMED_JSON");
  } finally {
    await server.close();
  }
});

Deno.test("readJson served: any JSON value reads back as JSON.parse gives it", async () => {
  const server = serve();
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 4 }),
        fc.boolean(),
        async (value, chunked) => {
          const text = JSON.stringify(value);
          const bytes = utf8(text);
          const got = await outcome(await send(server.url, bytes, chunked));
          if (bytes.byteLength > 4096) {
            assert.equal(got.status, 413);
          } else {
            assert.equal(got.status, 200);
            assert.deepEqual(got.value, JSON.parse(text));
          }
        },
      ),
      { numRuns: 60 },
    );
  } finally {
    await server.close();
  }
});
