/** Logging of unexpected errors, correlated by request id. */
import { log } from "./log.ts";

const alreadyLogged = new WeakSet<object>();

/** Name, message and stack of anything thrown. */
export function describeError(error: unknown): {
  name: string;
  message: string;
  stack?: string;
} {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: typeof error, message: String(error) };
}

/** postgres.js codes of a database that cannot be reached at all. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/** True when `error` says the database is not there (not a failed query). */
export function isDatabaseUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNREACHABLE.has(code);
}

/**
 * Logs a thrown error once at level `error` with the request id; at
 * `critical` when the database cannot be reached, since then every request
 * fails and someone must act. The same
 * error object reaching both the error page and the middleware is logged once.
 */
export function logError(
  error: unknown,
  context: { requestId?: string; method?: string; path?: string },
): void {
  if (typeof error === "object" && error !== null) {
    if (alreadyLogged.has(error)) return;
    alreadyLogged.add(error);
  }
  const unreachable = isDatabaseUnreachable(error);
  log(unreachable ? "critical" : "error", {
    msg: unreachable ? "database unreachable" : "unhandled error",
    request_id: context.requestId,
    method: context.method,
    path: context.path,
    error: describeError(error),
  });
}
