import assert from "node:assert/strict";
import fc from "fast-check";
import { z } from "zod";
import {
  dottedPath,
  fromZodError,
  isJsonContentType,
  jsonError,
  jsonOk,
  parseJsonBody,
  readJson,
} from "../../lib/http/mod.ts";
import { bookingBodySchema, quoteBodySchema } from "../../lib/schemas/mod.ts";

const url = "http://localhost/api/quote";
const post = (
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) => new Request(url, { method: "POST", body, headers });

async function errorOf(res: Response) {
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.deepEqual(Object.keys(body.error), ["code", "message", "issues"]);
  return body.error as {
    code: string;
    message: string;
    issues: { path: string; message: string }[];
  };
}

Deno.test("jsonError: SPEC error shape, status, no-store, extra headers", async () => {
  const res = jsonError(409, "SLOT_FULL", "That time was just taken.", [], {
    "x-a": "1",
  });
  assert.equal(res.status, 409);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("x-a"), "1");
  assert.deepEqual(await res.json(), {
    error: {
      code: "SLOT_FULL",
      message: "That time was just taken.",
      issues: [],
    },
  });
  const ok = jsonOk({ a: 1 }, 201);
  assert.equal(ok.status, 201);
  assert.deepEqual(await ok.json(), { a: 1 });
});

Deno.test("fromZodError: 422 VALIDATION_FAILED with dotted paths, unknown keys listed one by one", async () => {
  const r = bookingBodySchema().safeParse({
    adults: 2,
    children: 0,
    proteins: { chicken: 4 },
    zip: "94539",
    date: "2026-07-04",
    time: "18:00",
    customer: { name: "A", email: "bad", phone: "5105550100", extra: 1 },
    address: { line1: "1 Main", city: "Fremont", state: "CA", zip: "94539" },
    paymentMethod: "card",
    hack: true,
    more: 1,
  });
  assert.ok(!r.success);
  const res = fromZodError(r.error);
  assert.equal(res.status, 422);
  const e = await errorOf(res);
  assert.equal(e.code, "VALIDATION_FAILED");
  assert.deepEqual(e.issues.map((i) => i.path).sort(), [
    "customer.email",
    "customer.extra",
    "hack",
    "more",
  ]);
  assert.equal(dottedPath(["items", 0, "name"]), "items.0.name");
  assert.equal(dottedPath([]), "");
});

Deno.test("readJson: valid JSON, any JSON media type", async () => {
  const r = await readJson(post('{"a":[1,2]}'));
  assert.deepEqual(r, { ok: true, value: { a: [1, 2] } });
  const r2 = await readJson(
    post('"x"', {
      "content-type": "application/merge-patch+json; charset=utf-8",
    }),
  );
  assert.deepEqual(r2, { ok: true, value: "x" });
  assert.equal(isJsonContentType("Application/JSON ; charset=UTF-8"), true);
  assert.equal(isJsonContentType("text/plain"), false);
  assert.equal(isJsonContentType(null), false);
});

Deno.test("readJson: malformed, empty, non-UTF-8 and wrong type never 5xx", async () => {
  for (const body of ["{", "{'a':1}", "", "   ", "NaN", "[1,]", '{"a":1}x']) {
    const r = await readJson(post(body));
    assert.ok(!r.ok, body);
    assert.equal(r.response.status, 400, body);
    assert.equal((await errorOf(r.response)).code, "MALFORMED_JSON");
  }
  const bad = await readJson(post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])));
  assert.ok(!bad.ok && bad.response.status === 400);
  // One decoder serves every body: a body cut inside a character leaves
  // nothing behind for the next one.
  const cut = await readJson(post(new Uint8Array([0x22, 0xe2, 0x82])));
  assert.ok(!cut.ok && cut.response.status === 400);
  const euro = new TextEncoder().encode('"€"');
  assert.deepEqual(await readJson(post(euro)), { ok: true, value: "€" });
  assert.deepEqual(await readJson(post(euro)), { ok: true, value: "€" });
  // A byte order mark is dropped, as the Fetch standard's decode does;
  // bytes that are not UTF-8 inside a string read as U+FFFD, and a U+FFFD
  // sent as text is kept (ADR 0057).
  assert.deepEqual(
    await readJson(post(new Uint8Array([0xef, 0xbb, 0xbf, ...euro]))),
    { ok: true, value: "€" },
  );
  assert.deepEqual(
    await readJson(post(new Uint8Array([0x22, 0x61, 0xff, 0x62, 0x22]))),
    { ok: true, value: "a\uFFFDb" },
  );
  assert.deepEqual(await readJson(post('{"name":"a\uFFFDb"}')), {
    ok: true,
    value: { name: "a\uFFFDb" },
  });
  const noBody = await readJson(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
    }),
  );
  assert.ok(!noBody.ok && noBody.response.status === 400);
  const text = await readJson(
    post('{"a":1}', { "content-type": "text/plain" }),
  );
  assert.ok(!text.ok);
  assert.equal(text.response.status, 415);
  assert.equal((await errorOf(text.response)).code, "UNSUPPORTED_MEDIA_TYPE");
  const deep = await readJson(
    post("[".repeat(60000) + "]".repeat(60000)),
    200_000,
  );
  assert.ok(deep.ok || deep.response.status === 400);
});

Deno.test("readJson: oversized bodies are 413, by header or by streamed bytes", async () => {
  const big = JSON.stringify({ notes: "x".repeat(2000) });
  const r = await readJson(post(big), 1000);
  assert.ok(!r.ok);
  assert.equal(r.response.status, 413);
  assert.equal((await errorOf(r.response)).code, "PAYLOAD_TOO_LARGE");
  // a stream without Content-Length that keeps going is cut off at the limit
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new TextEncoder().encode('{"a":"' + "y".repeat(1000)));
    },
  });
  const s = await readJson(
    new Request(url, {
      method: "POST",
      body: endless,
      headers: { "content-type": "application/json" },
    }),
    10_000,
  );
  assert.ok(!s.ok && s.response.status === 413);
  assert.ok(pulled < 20, `read ${pulled} chunks`);
  // exactly the limit is fine
  const exact = '"' + "z".repeat(98) + '"';
  assert.equal((await readJson(post(exact), 100)).ok, true);
});

Deno.test("readJson: a body stream that errors becomes 400", async () => {
  const failing = new ReadableStream<Uint8Array>({
    start(c) {
      c.error(new Error("connection reset"));
    },
  });
  const r = await readJson(
    new Request(url, {
      method: "POST",
      body: failing,
      headers: { "content-type": "application/json" },
    }),
  );
  assert.ok(!r.ok && r.response.status === 400);
});

Deno.test("parseJsonBody: 422 for schema failures, value for valid bodies", async () => {
  const schema = z.strictObject({ n: z.number().int() });
  assert.deepEqual(await parseJsonBody(post('{"n":3}'), schema), {
    ok: true,
    value: { n: 3 },
  });
  const r = await parseJsonBody(post('{"n":"3"}'), schema);
  assert.ok(!r.ok);
  assert.equal(r.response.status, 422);
  assert.deepEqual((await errorOf(r.response)).issues.map((i) => i.path), [
    "n",
  ]);
});

Deno.test("fuzz: any body yields a value or a 400/413/422 error, never a throw", async () => {
  const schema = quoteBodySchema();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        fc.uint8Array({ maxLength: 300 }),
      ),
      async (body) => {
        const r = await parseJsonBody(post(body), schema, 256);
        if (!r.ok) {
          assert.ok(
            [400, 413, 422].includes(r.response.status),
            String(r.response.status),
          );
          const e = await errorOf(r.response);
          for (const i of e.issues) assert.equal(typeof i.path, "string");
          if (r.response.status === 422) assert.ok(e.issues.length > 0);
        }
      },
    ),
    { numRuns: 300 },
  );
});
