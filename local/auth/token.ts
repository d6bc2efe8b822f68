/**
 * `POST /token`: the `refresh_token`, `pkce` and `password` grants.
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import { verifierMatches } from "./crypto.ts";
import { AuthError, validationFailed } from "./errors.ts";
import {
  clientInfo,
  json,
  normalizeEmail,
  optionalString,
  readBody,
} from "./http.ts";
import { deleteFlow, findFlowByCode } from "./one_time.ts";
import type { AuthSettings } from "./options.ts";
import {
  type AuthMethod,
  findSession,
  insertRefreshToken,
  openSession,
  type RefreshTokenRow,
  type SessionJson,
  sessionJson,
} from "./sessions.ts";
import {
  findUserByEmail,
  findUserById,
  isBanned,
  recordSignIn,
} from "./users.ts";

/** Handles `POST /token?grant_type=…`. */
export async function handleToken(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const grant = new URL(req.url).searchParams.get("grant_type");
  const body = await readBody(req);
  switch (grant) {
    case "refresh_token":
      return json(await refreshGrant(req, settings, body));
    case "pkce":
      return json(await pkceGrant(req, settings, body));
    case "password":
      return json(await passwordGrant(req, settings, body));
    default:
      throw new AuthError(
        400,
        "validation_failed",
        "unsupported_grant_type",
      );
  }
}

/** Outcome of a refresh attempt that must commit even when it fails. */
type RefreshOutcome = { ok: true; session: SessionJson } | {
  ok: false;
  error: AuthError;
};

/**
 * Rotates a refresh token the way GoTrue does. A revoked token that is the
 * parent of the session's active one gets that child back (a client that
 * lost the response), however late. Any other revoked token is swapped again
 * within `refreshTokenReuseInterval` of its revocation; later it is reuse:
 * with rotation on, every token of the session is revoked (committed, the
 * session itself stays) and the answer is 400 `refresh_token_already_used`.
 */
async function refreshGrant(
  _req: Request,
  settings: AuthSettings,
  body: Record<string, unknown>,
): Promise<SessionJson> {
  const presented = optionalString(body, "refresh_token") ?? "";
  if (presented === "") throw validationFailed("refresh_token required");
  const outcome: RefreshOutcome = await settings.sql.begin(async (tx) => {
    const notFound = new AuthError(
      400,
      "refresh_token_not_found",
      "Invalid Refresh Token: Refresh Token Not Found",
    );
    const [found] = await tx.unsafe<RefreshTokenRow[]>(
      `select rt.id, rt.token, rt.user_id, rt.session_id, rt.parent, rt.revoked, rt.updated_at
         from auth.refresh_tokens rt
         join auth.sessions s on s.id = rt.session_id
        where rt.token = $1
        for update of rt, s`,
      [presented],
    );
    if (!found) return { ok: false, error: notFound };
    const now = settings.now();
    const user = await findUserById(tx, found.user_id);
    const session = await findSession(tx, found.session_id);
    if (!user || !session) return { ok: false, error: notFound };
    if (isBanned(user, now)) {
      return {
        ok: false,
        error: new AuthError(
          400,
          "user_banned",
          "Invalid Refresh Token: User Banned",
        ),
      };
    }
    let issued: string | null = null;
    if (found.revoked) {
      const [active] = await tx.unsafe<
        { token: string; parent: string | null }[]
      >(
        `select token, parent from auth.refresh_tokens
          where session_id = $1 and revoked = false
          order by id desc limit 1`,
        [found.session_id],
      );
      if (active && active.parent === found.token) {
        issued = active.token;
      } else {
        const reuseUntil = found.updated_at.getTime() +
          settings.refreshTokenReuseInterval * 1000;
        if (now.getTime() > reuseUntil) {
          if (settings.refreshTokenRotation) {
            // GoTrue's RevokeTokenFamily: revoked, updated_at untouched.
            await tx.unsafe(
              `update auth.refresh_tokens set revoked = true
                where session_id = $1 and revoked = false`,
              [found.session_id],
            );
          }
          return {
            ok: false,
            error: new AuthError(
              400,
              "refresh_token_already_used",
              "Invalid Refresh Token: Already Used",
            ),
          };
        }
      }
    }
    if (issued === null) {
      await tx.unsafe(
        `update auth.refresh_tokens set revoked = true, updated_at = $2
          where id = $1`,
        [found.id, now],
      );
      issued = await insertRefreshToken(
        tx,
        user.id,
        session.id,
        found.token,
        now,
      );
    }
    await tx.unsafe(
      `update auth.sessions set refreshed_at = $2, updated_at = $2 where id = $1`,
      [session.id, now],
    );
    return {
      ok: true,
      session: await sessionJson(
        tx,
        user,
        session,
        issued,
        settings.tokens,
        now,
      ),
    };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.session;
}

/** Exchanges a PKCE auth code plus verifier for a session (single use). */
async function pkceGrant(
  req: Request,
  settings: AuthSettings,
  body: Record<string, unknown>,
): Promise<SessionJson> {
  const code = optionalString(body, "auth_code") ?? "";
  const verifier = optionalString(body, "code_verifier") ?? "";
  if (code === "" || verifier === "") {
    throw validationFailed(
      "invalid request: both auth code and code verifier should be non-empty",
    );
  }
  return await settings.sql.begin(async (tx) => {
    const flow = await findFlowByCode(tx, code);
    if (!flow || !flow.auth_code_issued_at) {
      throw new AuthError(
        404,
        "flow_state_not_found",
        "invalid flow state, no valid flow state found",
      );
    }
    const now = settings.now();
    if (
      now.getTime() - flow.auth_code_issued_at.getTime() >
        settings.flowStateExpiry * 1000
    ) {
      throw new AuthError(
        422,
        "flow_state_expired",
        "invalid flow state, flow state has expired",
      );
    }
    if (
      !verifierMatches(
        verifier,
        flow.code_challenge,
        flow.code_challenge_method,
      )
    ) {
      throw new AuthError(
        400,
        "bad_code_verifier",
        "code challenge does not match previously saved code verifier",
      );
    }
    await deleteFlow(tx, flow.id);
    const user = await findUserById(tx, flow.user_id);
    if (!user) {
      throw new AuthError(404, "user_not_found", "User not found");
    }
    // GoTrue's ParseAuthenticationMethod: anything ending in "signup".
    const method: AuthMethod = flow.authentication_method === "invite"
      ? "invite"
      : flow.authentication_method === "recovery"
      ? "recovery"
      : flow.authentication_method.endsWith("signup")
      ? "email/signup"
      : "magiclink";
    return await startSession(tx, req, settings, user.id, method);
  });
}

/** Email + password sign-in (users created by the admin API with a password). */
async function passwordGrant(
  req: Request,
  settings: AuthSettings,
  body: Record<string, unknown>,
): Promise<SessionJson> {
  if (!settings.emailEnabled) {
    throw new AuthError(
      400,
      "email_provider_disabled",
      "Email logins are disabled",
    );
  }
  const email = normalizeEmail(optionalString(body, "email"));
  const password = optionalString(body, "password") ?? "";
  return await settings.sql.begin(async (tx) => {
    const user = await findUserByEmail(tx, email);
    const invalid = new AuthError(
      400,
      "invalid_credentials",
      "Invalid login credentials",
    );
    if (!user || !user.encrypted_password || password === "") throw invalid;
    const [check] = await tx.unsafe<{ ok: boolean }[]>(
      `select extensions.crypt($1, $2) = $2 as ok`,
      [password, user.encrypted_password],
    );
    if (!check?.ok) throw invalid;
    if (!user.email_confirmed_at) {
      throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
    }
    if (isBanned(user, settings.now())) {
      throw new AuthError(400, "user_banned", "User is banned");
    }
    return await startSession(tx, req, settings, user.id, "password");
  });
}

/** Records the sign-in and opens a session (every grant ends here). */
export async function startSession(
  tx: TransactionSql,
  req: Request,
  settings: AuthSettings,
  userId: string,
  method: AuthMethod,
): Promise<SessionJson> {
  const now = settings.now();
  await recordSignIn(tx, userId, now);
  const user = await findUserById(tx, userId);
  if (!user) throw new AuthError(404, "user_not_found", "User not found");
  return await openSession(
    tx,
    user,
    method,
    settings.tokens,
    now,
    clientInfo(req),
  );
}
