/**
 * Staff sign-in by magic link: throttling and sending.
 *
 * The answer to a sign-in request never depends on whether the address
 * belongs to staff; only the mail does. Unknown addresses are not created
 * as auth users (`shouldCreateUser: false`).
 *
 * @module
 */
import { z } from "zod";
import {
  RateLimiter,
  type RateLimitRule,
  type RateLimitRules,
} from "../rate_limit/mod.ts";
import type { RequestAuth } from "../auth/session.ts";

/** Sign-in limits: per client address and per e-mail address. */
export interface LoginLimits {
  login: RateLimitRule;
  login_email: RateLimitRule;
}

/** Default limits: per client address and per e-mail address. */
export const LOGIN_LIMITS: Readonly<LoginLimits> = Object.freeze({
  login: { limit: 20, windowMs: 10 * 60_000 },
  login_email: { limit: 5, windowMs: 10 * 60_000 },
});

/** The e-mail field of the sign-in form. */
export const LoginEmail = z.email().max(254).transform((s) =>
  s.trim().toLowerCase()
);

/**
 * Throttles sign-in requests by client address and by e-mail address, so
 * neither one visitor nor one target inbox can be flooded.
 */
export class LoginThrottle {
  readonly #limiter: RateLimiter;

  constructor(rules: Partial<LoginLimits> = {}, now?: () => number) {
    const merged = { ...LOGIN_LIMITS, ...rules };
    this.#limiter = new RateLimiter(new Map(Object.entries(merged)), { now });
  }

  /** Seconds to wait, or 0 when this request may go ahead. */
  check(clientKey: string, email: string | null): number {
    const byClient = this.#limiter.check("login", clientKey);
    if (!byClient.allowed) return byClient.retryAfterSeconds;
    if (email) {
      const byEmail = this.#limiter.check("login_email", email);
      if (!byEmail.allowed) return byEmail.retryAfterSeconds;
    }
    return 0;
  }
}

/** A throttle with `RATE_LIMITS` overrides (`login=…`, `login_email=…`) applied. */
export function loginThrottleFor(env: RateLimitRules): LoginThrottle {
  const rules: Partial<LoginLimits> = {};
  const login = env.get("login");
  const loginEmail = env.get("login_email");
  if (login) rules.login = login;
  if (loginEmail) rules.login_email = loginEmail;
  return new LoginThrottle(rules);
}

/**
 * Sends the magic link (PKCE: the code verifier goes into this request's
 * cookies). Errors, such as an unknown address, are deliberately not told
 * to the visitor; they are returned for logging.
 */
export async function sendMagicLink(
  auth: RequestAuth,
  email: string,
  redirectTo: string,
): Promise<{ sent: boolean; error?: string }> {
  const { error } = await auth.supabase.auth.signInWithOtp({
    email,
    options: { emailRedirectTo: redirectTo, shouldCreateUser: false },
  });
  return error ? { sent: false, error: error.message } : { sent: true };
}
