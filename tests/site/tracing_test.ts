/**
 * OpenTelemetry (issue 15): with `OTEL_DENO=true` a request's trace reaches
 * an OTLP collector with the database transaction as a child of the request,
 * and the access log line carries the same trace id and the request id the
 * span is tagged with. The request is a customer's booking view, which always
 * reads in one transaction as anon; availability, which reads in a
 * transaction until the catalog snapshot has loaded and with one statement
 * after (ADR 0051), has a database span under its request either way.
 */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";
import { spawnMain } from "../support/main_process.ts";
import {
  type ReceivedSpan,
  startCollector,
} from "../support/otlp_collector.ts";

Deno.test("a traced request: request span → db.transaction span, same ids as its log line", async () => {
  const collector = startCollector();
  const test = await freshTestDb({ seed: true });
  const dataDir = await Deno.makeTempDir();
  const main = spawnMain({
    DATA_DIR: dataDir,
    ...(test.url ? { DATABASE_URL: test.url } : {}),
    JOBS: "off",
    LOG_LEVEL: "info",
    OTEL_DENO: "true",
    OTEL_SERVICE_NAME: "myhibachi",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    OTEL_DENO_CONSOLE: "ignore",
  });
  try {
    const port = await main.listening();
    const get = async (path: string, requestId: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { "x-request-id": requestId },
      });
      await res.body?.cancel();
      assert.equal(res.headers.get("x-request-id"), requestId);
      const [line] = await main.waitForLine(
        new RegExp(`^.*"request_id":"${requestId}".*$`),
      );
      const logged = JSON.parse(line) as { trace_id?: string; path: string };
      assert.equal(logged.path, path.split("?")[0]);
      assert.match(logged.trace_id ?? "", /^[0-9a-f]{32}$/);
      return { status: res.status, traceId: logged.trace_id! };
    };
    const viewed = await get(
      `/api/bookings/MH-NOSUCH?token=${"a".repeat(43)}`,
      "trace-test-0001",
    );
    assert.equal(viewed.status, 404);
    const avail = await get(
      "/api/availability?from=2030-01-07&to=2030-01-08",
      "trace-test-0002",
    );
    assert.equal(avail.status, 200);

    // Spans are exported in batches; SIGTERM's exit flushes the last one.
    main.child.kill("SIGTERM");
    const inTrace = (spans: ReceivedSpan[]) =>
      spans.filter((s) => s.traceId === viewed.traceId);
    // Exports are answered before the process exits, so once it has, the
    // collector holds everything it will ever get.
    const inAvail = (spans: ReceivedSpan[]) =>
      spans.filter((s) => s.traceId === avail.traceId);
    const all = await Promise.race([
      collector.until((received) =>
        inTrace(received).some((s) => s.name === "db.transaction") &&
        inTrace(received).some((s) => s.attributes["http.request.id"]) &&
        inAvail(received).some((s) => s.name.startsWith("db.")) &&
        inAvail(received).some((s) => s.attributes["http.request.id"])
      ),
      main.child.status.then(() => collector.spans),
    ]);
    const spans = inTrace(all);
    const request = spans.find((s) => s.attributes["http.request.id"]);
    assert.ok(request, `no request span in ${JSON.stringify(spans)}`);
    assert.equal(request.attributes["http.request.id"], "trace-test-0001");
    assert.equal(request.parentSpanId, "");
    const db = spans.find((s) => s.name === "db.transaction");
    assert.ok(db, "no db.transaction span");
    assert.equal(db.attributes["db.role"], "anon");
    // The transaction hangs under the request span (directly or through ours).
    const rootOf = (span: ReceivedSpan, trace: ReceivedSpan[]) => {
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      let up: ReceivedSpan | undefined = span;
      while (up && up.parentSpanId) up = byId.get(up.parentSpanId);
      return up;
    };
    assert.equal(rootOf(db, spans)?.spanId, request.spanId);

    // Availability: one database span, a transaction or the one statement.
    const availSpans = inAvail(all);
    const availRequest = availSpans.find((s) =>
      s.attributes["http.request.id"] === "trace-test-0002"
    );
    assert.ok(availRequest, "no availability request span");
    const read = availSpans.find((s) =>
      s.name === "db.transaction" || s.name === "db.query"
    );
    assert.ok(read, `no database span in ${JSON.stringify(availSpans)}`);
    assert.equal(rootOf(read, availSpans)?.spanId, availRequest.spanId);
  } finally {
    await main.dispose();
    await collector.close();
    await test.dispose();
    await Deno.remove(dataDir, { recursive: true });
  }
});
