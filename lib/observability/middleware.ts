/**
 * The per-request observability wrapper used by routes/_middleware.ts:
 * request id, security headers, one access log line, error logging.
 * Kept free of framework types so it can be tested with plain functions.
 */
import { log } from "./log.ts";
import { logError } from "./errors.ts";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request_id.ts";
import { tagRequestSpan } from "./tracing.ts";
import {
  SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
  withHeaders,
} from "./security_headers.ts";

/** What this layer puts into the request state. */
export interface ObservabilityState {
  requestId: string;
}

/** Options for `observeRequest`. */
export interface ObserveOptions {
  /** Add HSTS (when the public site is served over https). */
  hsts?: boolean;
  /** The Content-Security-Policy (default: connections to this origin only). */
  csp?: string;
  /** Called once per request with its final status and duration (metrics). */
  onFinish?: (status: number, seconds: number) => void;
  /** The request's already-parsed URL (saves parsing it again). */
  url?: URL;
  /**
   * `next` builds its response with {@link responseHeaders} itself (the
   * page cache's precomputed list), so they are not set again.
   */
  headersIncluded?: boolean;
}

/**
 * Headers every response carries: the security headers and the request id.
 * Exported for the 500 page, which the runtime renders outside middleware.
 */
export function responseHeaders(
  requestId: string,
  options: ObserveOptions = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    ...(options.csp ? { "content-security-policy": options.csp } : {}),
    [REQUEST_ID_HEADER]: requestId,
  };
  if (options.hsts) {
    headers["strict-transport-security"] = STRICT_TRANSPORT_SECURITY;
  }
  return headers;
}

/**
 * Runs `next` for `request`: assigns `state.requestId`, adds the request id
 * and security headers to the response and writes one access log line.
 * A throw from `next` is logged with the request id and re-thrown so the
 * runtime renders the 500 page (as in Fresh, outside the middleware chain,
 * so the 500 page adds `responseHeaders` itself); the access log line then
 * records status 500.
 */
export async function observeRequest(
  request: Request,
  state: Partial<ObservabilityState>,
  next: (requestId: string) => Response | Promise<Response>,
  options: ObserveOptions = {},
): Promise<Response> {
  const started = performance.now();
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  state.requestId = requestId;
  tagRequestSpan(requestId);
  const url = options.url ?? new URL(request.url);
  // Read before next(): a websocket upgrade consumes the request.
  const ua = request.headers.get("user-agent") ?? "";
  let status = 500;
  try {
    const response = await next(requestId);
    status = response.status;
    // The 101 handshake belongs to the socket: never wrap or copy it.
    if (status === 101 || options.headersIncluded) return response;
    return withHeaders(response, responseHeaders(requestId, options));
  } catch (error) {
    logError(error, { requestId, method: request.method, path: url.pathname });
    throw error;
  } finally {
    finishRequest(
      request,
      requestId,
      url.pathname,
      ua,
      status,
      started,
      options,
    );
  }
}

/**
 * {@link observeRequest} for an answer made synchronously (a page-cache hit
 * answered before routing): the same request id, access log line and
 * `onFinish`, no promise. `respond` builds the response with every header
 * itself (the precomputed lists plus the request id it is given).
 */
export function observeAnswer(
  request: Request,
  path: string,
  respond: (requestId: string) => Response,
  onFinish?: ObserveOptions["onFinish"],
): Response {
  const started = performance.now();
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  tagRequestSpan(requestId);
  const ua = request.headers.get("user-agent") ?? "";
  let status = 500;
  try {
    const response = respond(requestId);
    status = response.status;
    return response;
  } catch (error) {
    logError(error, { requestId, method: request.method, path });
    throw error;
  } finally {
    finishRequest(request, requestId, path, ua, status, started, { onFinish });
  }
}

/** The end of an observed request: metrics (`onFinish`) and the access log line. */
function finishRequest(
  request: Request,
  requestId: string,
  path: string,
  ua: string,
  status: number,
  started: number,
  options: Pick<ObserveOptions, "onFinish">,
): void {
  const seconds = (performance.now() - started) / 1000;
  options.onFinish?.(status, seconds);
  log("info", {
    msg: "request",
    request_id: requestId,
    method: request.method,
    path,
    status,
    duration_ms: Math.round(seconds * 100_000) / 100,
    ua,
  });
}
