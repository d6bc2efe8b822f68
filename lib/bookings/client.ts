/**
 * Who is asking, for the abuse limits the database counts (SPEC §2, ADR
 * 0015): at most 2 unexpired holds per client, at most 3 unpaid bookings per
 * email, phone and client in 24 hours.
 *
 * @module
 */

/** The client of a hold or booking request. */
export interface RequestClient {
  /**
   * Keyed hash (64 hex) of the client IP as the `TRUST_PROXY` rule resolves
   * it (`hashIp`); null = unknown, so no per-client limit.
   */
  hash: string | null;
  /** False when `RATE_LIMITS=off` (load tests only): no abuse limits. */
  limits: boolean;
}

/** A request with no known client whose email/phone limits still apply. */
export const UNKNOWN_CLIENT: Readonly<RequestClient> = Object.freeze({
  hash: null,
  limits: true,
});
