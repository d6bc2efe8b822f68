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

/**
 * Logs a thrown error once at level `error` with the request id. The same
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
  log("error", {
    msg: "unhandled error",
    request_id: context.requestId,
    method: context.method,
    path: context.path,
    error: describeError(error),
  });
}
