/**
 * Traces through Deno's built-in OpenTelemetry (`OTEL_DENO=true`, exported
 * over OTLP as the `OTEL_EXPORTER_OTLP_*` variables say). Deno traces every
 * `Deno.serve` request and `fetch` itself and registers the providers with
 * `@opentelemetry/api`; this module adds the app's own spans inside them
 * (database transactions, jobs, outbox sends, function calls). Without
 * `OTEL_DENO` the API is a no-op and costs next to nothing.
 *
 * @module
 */
import {
  type Attributes,
  isSpanContextValid,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

// The tracer is a handle on the process's provider, which Deno owns; it
// holds no state of ours.
const tracer = trace.getTracer("myhibachi");

/** Runs `fn` inside a child span of the current one, ended when `fn` settles. */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The id of the trace the caller runs in, for log lines; undefined when not traced. */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}

/** Names the request's span with our request id, so a trace finds its log lines. */
export function tagRequestSpan(requestId: string, route?: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute("http.request.id", requestId);
  if (route) span.setAttribute("http.route", route);
}
