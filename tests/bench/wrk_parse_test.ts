/** bench/lib/wrk.ts reads wrk's report: units, percentiles and error counts. */
import assert from "node:assert/strict";
import { describeErrors, parseWrk, postJsonLua } from "../../bench/lib/wrk.ts";

const REPORT = `Running 10s test @ http://127.0.0.1:8000/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  850.00us  40.00ms   90.00%
  Latency Distribution
     50%  812.00us
     75%    2.50ms
     90%    3.10ms
     99%    1.20s
  123456 requests in 10.00s, 1.00GB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  12345.60
Transfer/sec:    100.00MB
`;

Deno.test("parseWrk converts units and adds up errors", () => {
  assert.deepEqual(parseWrk(REPORT), {
    requests: 123456,
    rps: 12345.6,
    p50Ms: 0.812,
    p99Ms: 1200,
    errors: 12,
    errorKinds: { connect: 0, read: 2, write: 0, timeout: 3, status: 7 },
  });
  assert.equal(
    describeErrors(parseWrk(REPORT).errorKinds),
    "read 2, timeout 3, status 7",
  );
});

Deno.test("parseWrk: a clean run has no errors of any kind", () => {
  const clean = REPORT.replace(/^\s+(Socket|Non-2xx).*\n/gm, "");
  const parsed = parseWrk(clean);
  assert.equal(parsed.errors, 0);
  assert.equal(describeErrors(parsed.errorKinds), "none");
});

Deno.test("parseWrk refuses output it does not understand", () => {
  assert.throws(() => parseWrk("wrk: connection refused"));
});

Deno.test("postJsonLua escapes the body into a Lua string", () => {
  const lua = postJsonLua({ a: 'x"y' });
  assert.ok(lua.includes('wrk.method = "POST"'));
  assert.ok(lua.includes('wrk.body = "{\\"a\\":\\"x\\\\\\"y\\"}"'));
});
