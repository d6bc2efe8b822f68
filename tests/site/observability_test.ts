/** Request ids, security headers, access log and error logging. */
import assert from "node:assert/strict";
import { captureLogs, type LogRecord } from "../../lib/observability/log.ts";
import { observeRequest } from "../../lib/observability/middleware.ts";
import { resolveRequestId } from "../../lib/observability/request_id.ts";
import { buildApp, unreachableDb } from "../support/app.ts";
import {
  CONTENT_SECURITY_POLICY,
  withHeaders,
} from "../../lib/observability/security_headers.ts";

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("resolveRequestId keeps sane ids and replaces others", () => {
  assert.equal(resolveRequestId("abc-123_DEF.45:6"), "abc-123_DEF.45:6");
  assert.match(resolveRequestId(null), UUID);
  assert.match(resolveRequestId("short"), UUID);
  assert.match(resolveRequestId("has space in it"), UUID);
  assert.match(resolveRequestId("x".repeat(129)), UUID);
  assert.match(resolveRequestId('inject"\n{"level":"error"}'), UUID);
  assert.notEqual(resolveRequestId(null), resolveRequestId(null));
});

Deno.test("CSP forbids inline scripts and framing", () => {
  const script = CONTENT_SECURITY_POLICY.split("; ").find((d) =>
    d.startsWith("script-src")
  );
  assert.equal(script, "script-src 'self'");
  assert.ok(CONTENT_SECURITY_POLICY.includes("frame-ancestors 'none'"));
});

Deno.test("withHeaders handles immutable responses", () => {
  const redirect = Response.redirect("http://127.0.0.1/x", 307);
  const out = withHeaders(redirect, { "x-test": "1" });
  assert.equal(out.headers.get("x-test"), "1");
  assert.equal(out.status, 307);
  assert.equal(out.headers.get("location"), "http://127.0.0.1/x");
});

async function withLogs<T>(
  fn: () => Promise<T>,
): Promise<[T | Error, LogRecord[]]> {
  const records: LogRecord[] = [];
  const restore = captureLogs((r) => records.push(r));
  try {
    return [await fn(), records];
  } catch (error) {
    return [error as Error, records];
  } finally {
    restore();
  }
}

Deno.test("observeRequest: one access log line, headers and request id", async () => {
  const state: { requestId?: string } = {};
  const req = new Request("http://localhost/faq?q=1", {
    headers: { "x-request-id": "upstream-id-0001", "user-agent": "test-agent" },
  });
  const [res, records] = await withLogs(() =>
    observeRequest(
      req,
      state,
      () => Promise.resolve(new Response("ok", { status: 201 })),
    )
  );
  assert.ok(res instanceof Response);
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("x-request-id"), "upstream-id-0001");
  assert.equal(state.requestId, "upstream-id-0001");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(
    res.headers.get("referrer-policy"),
    "strict-origin-when-cross-origin",
  );
  assert.ok(res.headers.get("permissions-policy"));
  assert.equal(
    res.headers.get("content-security-policy"),
    CONTENT_SECURITY_POLICY,
  );
  assert.equal(records.length, 1);
  const line = records[0];
  assert.equal(line.level, "info");
  assert.equal(line.request_id, "upstream-id-0001");
  assert.equal(line.method, "GET");
  assert.equal(line.path, "/faq");
  assert.equal(line.status, 201);
  assert.equal(line.ua, "test-agent");
  assert.equal(typeof line.duration_ms, "number");
  assert.ok(!Number.isNaN(Date.parse(line.ts)));
  // The line must be one JSON line.
  assert.ok(!JSON.stringify(line).includes("\n"));
});

Deno.test("observeRequest: a throw is logged once with the request id and re-thrown", async () => {
  const state: { requestId?: string } = {};
  const boom = new Error("secret database password leaked");
  const [result, records] = await withLogs(() =>
    observeRequest(
      new Request("http://localhost/x", { method: "POST" }),
      state,
      () => Promise.reject(boom),
    )
  );
  assert.equal(result, boom);
  const errors = records.filter((r) => r.level === "error");
  assert.equal(errors.length, 1);
  assert.equal(errors[0].request_id, state.requestId);
  assert.match(state.requestId!, UUID);
  const access = records.filter((r) => r.msg === "request");
  assert.equal(access.length, 1);
  assert.equal(access[0].status, 500);
  assert.equal(access[0].method, "POST");
});

Deno.test("a database that is not there: 503 for the client, one critical log line for the operator", async () => {
  const db = await unreachableDb();
  const { handler } = await buildApp({ db });
  try {
    const [res, records] = await withLogs(() =>
      handler(
        new Request(
          "http://127.0.0.1:8000/api/availability?from=2030-01-07&to=2030-01-08",
        ),
        {
          remoteAddr: { hostname: "127.0.0.1", port: 40000, transport: "tcp" },
          completed: Promise.resolve(),
        },
      )
    );
    assert.ok(res instanceof Response);
    assert.equal(res.status, 503);
    await res.body?.cancel();
    const critical = records.filter((r) => r.level === "critical");
    assert.equal(critical.length, 1, JSON.stringify(records));
    assert.equal(critical[0].msg, "database unreachable");
    assert.equal(critical[0].path, "/api/availability");
  } finally {
    await db.close();
  }
});
