/**
 * An in-memory token-bucket rate limiter, per bucket name and client key.
 *
 * Each (bucket, key) starts with `limit` tokens and refills continuously at
 * `limit / windowMs`, so a client may burst `limit` requests and then sustain
 * `limit` per window. State is per process: with several instances each one
 * limits on its own (the limits are abuse guards, not quotas).
 *
 * @module
 */

import type { RateLimitRule, RateLimitRules } from "./config.ts";

/** The answer for one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until a request of the same cost would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
  /** Whole requests still available right now after this one. */
  remaining: number;
}

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Milliseconds clock; defaults to `Date.now` (tests inject a fake one). */
  now?: () => number;
  /** Most (bucket, key) pairs remembered; the least recently seen is forgotten first. */
  maxKeys?: number;
}

interface BucketState {
  /** Tokens × windowMs, so refills stay whole numbers. */
  units: number;
  at: number;
}

const ALLOWED_UNLIMITED: RateLimitDecision = Object.freeze({
  allowed: true,
  retryAfterSeconds: 0,
  remaining: Number.MAX_SAFE_INTEGER,
});

/** Token-bucket limiter over named rules; see the module docs. */
export class RateLimiter {
  readonly #rules: RateLimitRules;
  readonly #now: () => number;
  readonly #maxKeys: number;
  // Map iteration order is insertion order: re-inserting on use makes it an LRU.
  readonly #state = new Map<string, BucketState>();

  constructor(rules: RateLimitRules, options: RateLimiterOptions = {}) {
    this.#rules = rules;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** The rule of a bucket, if it is limited. */
  rule(bucket: string): RateLimitRule | undefined {
    return this.#rules.get(bucket);
  }

  /**
   * Takes `cost` tokens for `key` (e.g. the client IP) in `bucket` (e.g. "bookings").
   * A bucket without a rule always allows.
   */
  check(bucket: string, key: string, cost = 1): RateLimitDecision {
    const rule = this.#rules.get(bucket);
    if (!rule) return ALLOWED_UNLIMITED;
    const now = Math.floor(this.#now());
    const id = `${bucket}\u0000${key}`;
    // Integer units avoid float drift: one request = windowMs units, refill = limit units per ms.
    const capacity = rule.limit * rule.windowMs;
    const need = cost * rule.windowMs;
    const prev = this.#state.get(id);
    const elapsed = prev ? Math.max(0, now - prev.at) : 0;
    const units = prev
      ? Math.min(capacity, prev.units + elapsed * rule.limit)
      : capacity;
    this.#state.delete(id);
    if (units >= need) {
      this.#remember(id, { units: units - need, at: now });
      return {
        allowed: true,
        retryAfterSeconds: 0,
        remaining: Math.floor((units - need) / rule.windowMs),
      };
    }
    this.#remember(id, { units, at: now });
    const waitMs = Math.ceil((need - units) / rule.limit);
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      remaining: 0,
    };
  }

  /** Number of (bucket, key) pairs currently remembered. */
  get size(): number {
    return this.#state.size;
  }

  #remember(id: string, s: BucketState): void {
    this.#state.set(id, s);
    if (this.#state.size > this.#maxKeys) {
      const oldest = this.#state.keys().next().value;
      if (oldest !== undefined) this.#state.delete(oldest);
    }
  }
}
