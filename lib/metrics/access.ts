/**
 * Who may scrape `/metrics`: a bearer token when `METRICS_TOKEN` is set;
 * without one, anyone in development and no one in production.
 *
 * @module
 */
import type { Profile } from "../config/mod.ts";

/** The decision for one scrape. */
export type MetricsAccess = "ok" | "unauthorized" | "missing";

function sameText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

/** Decides a scrape from the configured token, the profile and the request header. */
export function metricsAccess(
  token: string | null,
  profile: Profile,
  authorization: string | null,
): MetricsAccess {
  if (token === null) return profile === "development" ? "ok" : "missing";
  const given = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? "";
  return sameText(given, token) ? "ok" : "unauthorized";
}
