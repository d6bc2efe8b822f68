/**
 * Cookie sessions with Supabase Auth on the server, through @supabase/ssr.
 *
 * One {@link RequestAuth} per request: its client reads the browser's
 * cookies and collects the cookies Supabase wants to write (code verifier,
 * session, refreshed session, sign-out), which {@link RequestAuth.applyTo}
 * copies onto the response with Supabase's no-cache headers.
 *
 * @module
 */
import {
  createServerClient,
  parseCookieHeader,
  serializeCookieHeader,
} from "@supabase/ssr";
import type { User } from "@supabase/supabase-js";
import type { SupabaseConnection } from "./connection.ts";
import type { Claims } from "../db/mod.ts";
import { verifyAccessToken } from "./verify.ts";

/** Lifetime of the session cookies: one week. */
export const SESSION_COOKIE_MAX_AGE_S = 7 * 86_400;

/** The @supabase/ssr server client type (its own copy of supabase-js types). */
export type ServerSupabase = ReturnType<typeof createServerClient>;

/** Supabase client and cookie jar of one request. */
export interface RequestAuth {
  supabase: ServerSupabase;
  /** Secret that verifies access tokens (empty: ask the auth server). */
  jwtSecret: string;
  /** Copies collected `Set-Cookie` lines (and cache headers) onto `res`. */
  applyTo(res: Response): Response;
}

/** Creates the per-request Supabase server client; see the module docs. */
export function requestAuth(
  config: SupabaseConnection,
  req: Request,
): RequestAuth {
  const setCookies: string[] = [];
  const extraHeaders: Record<string, string> = {};
  const secure = new URL(req.url).protocol === "https:" ||
    config.url.startsWith("https:");
  const supabase = createServerClient(config.url, config.anonKey, {
    // HttpOnly: no page script needs the session (the live feed gets its
    // token from the server); a week matches the refresh-token policy
    // instead of @supabase/ssr's 400-day default.
    cookieOptions: {
      secure,
      sameSite: "lax",
      path: "/",
      httpOnly: true,
      maxAge: SESSION_COOKIE_MAX_AGE_S,
    },
    cookies: {
      getAll: () =>
        parseCookieHeader(req.headers.get("cookie") ?? "").map((c) => ({
          name: c.name,
          value: c.value ?? "",
        })),
      setAll: (cookies, headers) => {
        for (const { name, value, options } of cookies) {
          setCookies.push(serializeCookieHeader(name, value, options));
        }
        Object.assign(extraHeaders, headers ?? {});
      },
    },
  });
  return {
    supabase,
    jwtSecret: config.jwtSecret,
    applyTo(res) {
      if (setCookies.length === 0) return res;
      // Responses from Response.redirect() have immutable headers.
      const out = new Response(res.body, res);
      for (const line of setCookies) out.headers.append("set-cookie", line);
      for (const [k, v] of Object.entries(extraHeaders)) out.headers.set(k, v);
      return out;
    },
  };
}

/** A signed-in user, checked by the auth server, with verified token claims. */
export interface VerifiedUser {
  user: User;
  /** Claims of the access token, for `withClaims` (RLS). */
  claims: Claims & { sub: string; role: string };
  /** The access token itself (realtime subscriptions). */
  accessToken: string;
}

/**
 * The signed-in user of this request, or null.
 *
 * `getUser()` asks the auth server (and refreshes an expired session, which
 * writes new cookies); the cookie's own contents are never trusted. The
 * access token used afterwards is the one the server just accepted, and its
 * claims are verified again with the project's JWT secret (or through
 * `getClaims()` against the project's keys when no secret is configured).
 */
export async function verifiedUser(
  auth: RequestAuth,
): Promise<VerifiedUser | null> {
  const { data: { user } } = await auth.supabase.auth.getUser();
  if (!user) return null;
  const { data: { session } } = await auth.supabase.auth.getSession();
  const accessToken = session?.access_token;
  if (!accessToken) return null;
  const { jwtSecret } = auth;
  let claims: Claims | null;
  if (jwtSecret) {
    claims = await verifyAccessToken(accessToken, jwtSecret);
  } else {
    const { data } = await auth.supabase.auth.getClaims(accessToken);
    claims = (data?.claims as Claims | undefined) ?? null;
  }
  if (
    !claims || claims.sub !== user.id || claims.role !== "authenticated"
  ) return null;
  return {
    user,
    claims: claims as VerifiedUser["claims"],
    accessToken,
  };
}

/** A same-site path to continue to after sign-in (`/admin` when unsafe). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return "/admin";
  // Backslashes and control characters let some browsers escape the origin.
  if (next.includes("\\") || [...next].some((c) => c.charCodeAt(0) < 32)) {
    return "/admin";
  }
  return next;
}

/** Email OTP types a link may carry to `/auth/confirm`. */
const OTP_TYPES = new Set([
  "email",
  "magiclink",
  "signup",
  "invite",
  "recovery",
  "email_change",
]);

/**
 * Finishes a sign-in link: `?code=` (PKCE, the verifier comes from the
 * cookie) or `?token_hash=&type=` (verifyOtp). Answers 303 to `next` with
 * the session cookies, or 303 to `/login?error=link` when the link is bad.
 */
export async function completeSignIn(
  config: SupabaseConnection,
  req: Request,
): Promise<Response> {
  const url = new URL(req.url);
  const auth = requestAuth(config, req);
  const code = url.searchParams.get("code");
  const tokenHash = url.searchParams.get("token_hash");
  const type = url.searchParams.get("type");
  let ok = false;
  if (code) {
    const { error } = await auth.supabase.auth.exchangeCodeForSession(code);
    ok = !error;
  } else if (tokenHash && type && OTP_TYPES.has(type)) {
    const { error } = await auth.supabase.auth.verifyOtp({
      token_hash: tokenHash,
      type: type as "email",
    });
    ok = !error;
  }
  const location = ok
    ? safeNext(url.searchParams.get("next"))
    : "/login?error=link";
  return auth.applyTo(
    new Response(null, {
      status: 303,
      headers: { location, "cache-control": "no-store" },
    }),
  );
}
