/**
 * OpenTelemetry (issue 15): with `OTEL_DENO=true` a request's trace reaches
 * an OTLP collector with the database transaction as a child of the request,
 * and the access log line carries the same trace id and the request id the
 * span is tagged with.
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
    const res = await fetch(
      `http://127.0.0.1:${port}/api/availability?from=2030-01-07&to=2030-01-08`,
      { headers: { "x-request-id": "trace-test-0001" } },
    );
    await res.body?.cancel();
    assert.equal(res.headers.get("x-request-id"), "trace-test-0001");
    const [line] = await main.waitForLine(
      /^.*"request_id":"trace-test-0001".*$/,
    );
    const logged = JSON.parse(line) as { trace_id?: string; path: string };
    assert.equal(logged.path, "/api/availability");
    assert.match(logged.trace_id ?? "", /^[0-9a-f]{32}$/);

    // Spans are exported in batches; SIGTERM's exit flushes the last one.
    main.child.kill("SIGTERM");
    const inTrace = (spans: ReceivedSpan[]) =>
      spans.filter((s) => s.traceId === logged.trace_id);
    // Exports are answered before the process exits, so once it has, the
    // collector holds everything it will ever get.
    const spans = inTrace(
      await Promise.race([
        collector.until((all) =>
          inTrace(all).some((s) => s.name === "db.transaction") &&
          inTrace(all).some((s) => s.attributes["http.request.id"])
        ),
        main.child.status.then(() => collector.spans),
      ]),
    );
    const request = spans.find((s) => s.attributes["http.request.id"]);
    assert.ok(request, `no request span in ${JSON.stringify(spans)}`);
    assert.equal(request.attributes["http.request.id"], "trace-test-0001");
    assert.equal(request.parentSpanId, "");
    const db = spans.find((s) => s.name === "db.transaction");
    assert.ok(db, "no db.transaction span");
    assert.equal(db.attributes["db.role"], "anon");
    // The transaction hangs under the request span (directly or through ours).
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    let up: ReceivedSpan | undefined = db;
    while (up && up.parentSpanId) up = byId.get(up.parentSpanId);
    assert.equal(up?.spanId, request.spanId);
  } finally {
    await main.dispose();
    await collector.close();
    await test.dispose();
    await Deno.remove(dataDir, { recursive: true });
  }
});
