/** Request ids: accepted from a trusted-looking upstream or generated. */

/** Header carrying the request id in and out. */
export const REQUEST_ID_HEADER = "x-request-id";

/**
 * Upstream ids (load balancer, client retry) are kept only if they are short
 * and made of URL-safe characters, so they cannot inject into log lines or
 * headers.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The incoming id when sane, otherwise a fresh random UUID. */
export function resolveRequestId(incoming: string | null | undefined): string {
  if (incoming && SANE_REQUEST_ID.test(incoming)) return incoming;
  return crypto.randomUUID();
}
