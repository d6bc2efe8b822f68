/**
 * An OTLP/HTTP collector stand-in for tests: accepts `POST /v1/traces` in
 * the OTLP JSON encoding (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`), as the
 * OpenTelemetry Collector does, and keeps the spans. Logs and metrics are
 * accepted and dropped.
 *
 * @module
 */

/** One received span, attributes flattened to plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

interface OtlpTraces {
  resourceSpans?: {
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: { key: string; value: OtlpValue }[];
      }[];
    }[];
  }[];
}

function plain(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.boolValue !== undefined) return v.boolValue;
  return v.doubleValue;
}

/** A running collector. */
export interface Collector {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT` for the exporting process. */
  endpoint: string;
  spans: ReceivedSpan[];
  /** Resolves once the received spans satisfy `ready` (checked on every export). */
  until(ready: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

/** Starts a collector on a free loopback port. */
export function startCollector(): Collector {
  const spans: ReceivedSpan[] = [];
  const waiters: { ready: (s: ReceivedSpan[]) => boolean; done: () => void }[] =
    [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (req.method !== "POST") return new Response(null, { status: 405 });
      if (path === "/v1/traces") {
        const body = await req.json() as OtlpTraces;
        for (const rs of body.resourceSpans ?? []) {
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? "",
                name: s.name,
                attributes: Object.fromEntries(
                  (s.attributes ?? []).map((a) => [a.key, plain(a.value)]),
                ),
              });
            }
          }
        }
        for (const w of [...waiters]) {
          if (w.ready(spans)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.done();
          }
        }
      } else {
        await req.body?.cancel();
      }
      return Response.json({});
    },
  );
  return {
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    spans,
    until(ready) {
      if (ready(spans)) return Promise.resolve(spans);
      return new Promise((resolve) =>
        waiters.push({ ready, done: () => resolve(spans) })
      );
    },
    close: () => server.shutdown(),
  };
}
