/**
 * Structured JSON logging: one JSON object per line on stdout (stderr for
 * errors), so log shippers can parse every line without guessing.
 */

import { currentTraceId } from "./tracing.ts";

/** Severity, lowest first. */
/** `critical`: the instance cannot do its job (e.g. the database is gone); page someone. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "critical";

/** One log record; `ts` and `level` are always present. */
export interface LogRecord {
  ts: string;
  level: LogLevel;
  msg?: string;
  [field: string]: unknown;
}

/** Where records go; replaceable so tests can capture them. */
export type LogSink = (record: LogRecord) => void;

const RANK: Record<LogLevel | "silent", number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  critical: 50,
  silent: 100,
};

/**
 * Lines below `error` are collected and written to stdout in one write per
 * microtask checkpoint (or per 64 KiB), not through `console.log`, which was
 * the largest cost of a page cache hit. Under HTTP load each request finishes
 * in a turn of its own, so in practice this is one write per request
 * (measured: 1.00 lines per flush, bench/README.md, session 9); a timer would
 * batch more but leave a timer pending after every logged line. Errors are
 * written at once, after what is pending, to stderr.
 */
const encoder = new TextEncoder();
const FLUSH_BYTES = 64 * 1024;
const pending: string[] = [];
let pendingBytes = 0;
let flushScheduled = false;

function writeAll(stream: typeof Deno.stdout, text: string): void {
  const bytes = encoder.encode(text);
  let written = 0;
  while (written < bytes.length) {
    written += stream.writeSync(bytes.subarray(written));
  }
}

/** Writes the collected lines now (also at exit, so none are lost). */
export function flushLogs(): void {
  flushScheduled = false;
  if (pending.length === 0) return;
  const text = pending.join("");
  pending.length = 0;
  pendingBytes = 0;
  try {
    writeAll(Deno.stdout, text);
  } catch {
    // stdout closed: nowhere left to log to.
  }
}

const defaultSink: LogSink = (record) => {
  const line = JSON.stringify(record) + "\n";
  if (record.level === "error" || record.level === "critical") {
    flushLogs();
    try {
      writeAll(Deno.stderr, line);
    } catch {
      // stderr closed
    }
    return;
  }
  pending.push(line);
  pendingBytes += line.length;
  if (pendingBytes >= FLUSH_BYTES) flushLogs();
  else if (!flushScheduled) {
    flushScheduled = true;
    queueMicrotask(flushLogs);
  }
};

globalThis.addEventListener("unload", flushLogs);

let sink: LogSink = defaultSink;
let threshold: number | undefined;

function minimumRank(): number {
  return threshold ?? RANK.info;
}

/**
 * Sets the threshold (`LOG_LEVEL`: debug|info|warn|error|silent, default
 * info). Logging is process-wide by nature (one stdout), so this is the one
 * setting the composition root applies to a module rather than passing in.
 */
export function setLogLevel(level: LogLevel | "silent"): void {
  threshold = RANK[level];
}

/** Writes one record if its level passes `LOG_LEVEL`. */
export function log(
  level: LogLevel,
  fields: Omit<LogRecord, "ts" | "level">,
): void {
  if (RANK[level] < minimumRank()) return;
  const traceId = currentTraceId();
  sink({
    ts: new Date().toISOString(),
    level,
    ...fields,
    ...(traceId ? { trace_id: traceId } : {}),
  });
}

/**
 * Sends every record (regardless of `LOG_LEVEL`) to `capture` until the
 * returned function is called; for tests.
 */
export function captureLogs(capture: LogSink): () => void {
  const previousSink = sink;
  const previousThreshold = threshold;
  sink = capture;
  threshold = RANK.debug;
  return () => {
    sink = previousSink;
    threshold = previousThreshold;
  };
}
