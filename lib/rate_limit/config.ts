/**
 * Rate-limit configuration from the `RATE_LIMITS` environment variable.
 *
 * Format: comma-separated `name=LIMIT/WINDOW` rules, WINDOW being a whole number
 * with unit `ms`, `s`, `m` or `h` — e.g. `quote=60/60s,holds=10/60s,bookings=5/60s,contact=3/600s`.
 * `off` disables every limit; unset or empty means {@link DEFAULT_RATE_LIMITS}.
 *
 * @module
 */

/** One named limit: at most `limit` requests per `windowMs`, per client key. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** Limits by bucket name (e.g. "quote"); a bucket without a rule is not limited. */
export type RateLimitRules = ReadonlyMap<string, RateLimitRule>;

/** The limits used when `RATE_LIMITS` is unset. */
export const DEFAULT_RATE_LIMITS =
  "quote=60/60s,holds=10/60s,bookings=5/60s,contact=3/600s,assistant=20/60s";

/** A `RATE_LIMITS` value that cannot be understood; thrown at startup, never per request. */
export class RateLimitConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RateLimitConfigError";
  }
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const RULE = /^([a-z][a-z0-9_-]{0,39})=(\d{1,9})\/(\d{1,9})(ms|s|m|h)$/;

/**
 * Parses a `RATE_LIMITS` value. `"off"` → no rules; undefined/blank → the defaults.
 *
 * @throws {RateLimitConfigError} naming the first rule that does not parse, a zero
 *   limit or window, or a bucket named twice.
 */
export function parseRateLimits(spec: string | undefined): RateLimitRules {
  const text = (spec ?? "").trim();
  if (text === "") return parseRateLimits(DEFAULT_RATE_LIMITS);
  if (text.toLowerCase() === "off") return new Map();
  const rules = new Map<string, RateLimitRule>();
  for (const raw of text.split(",")) {
    const part = raw.trim();
    const m = RULE.exec(part);
    if (!m) {
      throw new RateLimitConfigError(
        `RATE_LIMITS: cannot read "${part}"; expected name=LIMIT/WINDOW like quote=60/60s, or "off"`,
      );
    }
    const [, name, limit, amount, unit] = m;
    const windowMs = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    if (Number(limit) === 0 || windowMs === 0) {
      throw new RateLimitConfigError(
        `RATE_LIMITS: "${part}" needs a limit and a window above 0`,
      );
    }
    if (!Number.isSafeInteger(Number(limit) * windowMs)) {
      throw new RateLimitConfigError(`RATE_LIMITS: "${part}" is too large`);
    }
    if (rules.has(name)) {
      throw new RateLimitConfigError(`RATE_LIMITS: "${name}" is given twice`);
    }
    rules.set(name, { limit: Number(limit), windowMs });
  }
  return rules;
}
