/**
 * `GET /verify` (email links) and `POST /verify` (OTP code or token hash).
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import { PKCE_PREFIX, tokenHash } from "./crypto.ts";
import { AuthError, validationFailed } from "./errors.ts";
import {
  clientInfo,
  json,
  normalizeEmail,
  optionalString,
  readBody,
} from "./http.ts";
import {
  consumeToken,
  findTokenByHash,
  findTokenForUser,
  issueAuthCode,
  type OneTimeTokenRow,
  VERIFY_KINDS,
} from "./one_time.ts";
import type { AuthSettings } from "./options.ts";
import { resolveRedirect } from "./redirect.ts";
import { type AuthMethod, openSession } from "./sessions.ts";
import {
  findUserByEmail,
  findUserById,
  isBanned,
  recordSignIn,
  type UserRow,
} from "./users.ts";

/** GoTrue signs every `/verify` session in with the `otp` method. */
const VERIFY_AMR: AuthMethod = "otp";

/** Checks a found token's age and owner; 403 `otp_expired` otherwise. */
async function acceptToken(
  tx: TransactionSql,
  settings: AuthSettings,
  token: OneTimeTokenRow | null,
  message: string,
): Promise<{ token: OneTimeTokenRow; user: UserRow }> {
  const now = settings.now();
  const fresh = token !== null &&
    now.getTime() - token.created_at.getTime() <= settings.otpExpiry * 1000;
  const user = token && fresh ? await findUserById(tx, token.user_id) : null;
  if (!token || !user) throw new AuthError(403, "otp_expired", message);
  if (isBanned(user, now)) {
    throw new AuthError(403, "user_banned", "User is banned");
  }
  await consumeToken(tx, token);
  await recordSignIn(tx, user.id, now);
  return { token, user: (await findUserById(tx, user.id)) ?? user };
}

function kindsOf(type: string) {
  const kinds = VERIFY_KINDS[type];
  if (!kinds) throw validationFailed(`Unsupported verification type: ${type}`);
  return kinds;
}

/** Handles `POST /verify`: returns a session. */
export async function handleVerifyPost(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const body = await readBody(req);
  const type = optionalString(body, "type") ?? "";
  const hash = optionalString(body, "token_hash");
  const otp = optionalString(body, "token");
  const rawEmail = optionalString(body, "email");
  const phone = optionalString(body, "phone");
  const redirectTo = optionalString(body, "redirect_to");
  if (type === "") {
    throw validationFailed("Verify requires a verification type");
  }
  if ((!otp && !hash) || (otp && hash)) {
    throw validationFailed("Verify requires either a token or a token hash");
  }
  if (otp) {
    if (phone && !rawEmail) {
      throw new AuthError(
        400,
        "phone_provider_disabled",
        "Unsupported phone provider",
      );
    }
    if (!rawEmail || phone) {
      throw validationFailed(
        "Only an email address or phone number should be provided on verify",
      );
    }
    try {
      normalizeEmail(rawEmail);
    } catch {
      throw new AuthError(422, "validation_failed", "Invalid email format");
    }
  } else if (rawEmail || phone || redirectTo) {
    throw validationFailed("Only the token_hash and type should be provided");
  }
  const kinds = kindsOf(type);
  // A token hash comes from an email link; a code from the mail's text.
  const invalid = hash
    ? "Email link is invalid or has expired"
    : "Token has expired or is invalid";
  const result = await settings.sql.begin(async (tx) => {
    let token: OneTimeTokenRow | null;
    if (hash) {
      token = await findTokenByHash(tx, hash, kinds);
    } else {
      const email = normalizeEmail(rawEmail);
      const user = await findUserByEmail(tx, email);
      token = user
        ? await findTokenForUser(tx, user.id, tokenHash(email, otp!), kinds)
        : null;
    }
    const { user } = await acceptToken(tx, settings, token, invalid);
    return await openSession(
      tx,
      user,
      VERIFY_AMR,
      settings.tokens,
      settings.now(),
      clientInfo(req),
    );
  });
  return json(result);
}

/**
 * Handles `GET /verify` from an email link: 303 to `redirect_to` with
 * `?code=` (PKCE) or the session in the fragment (implicit); failures travel
 * as `error`, `error_code`, `error_description`.
 */
export async function handleVerifyGet(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const token = params.get("token") ?? "";
  const type = params.get("type") ?? "";
  const redirectTo = resolveRedirect(
    params.get("redirect_to"),
    settings.redirect,
  );
  const isPkce = token.startsWith(PKCE_PREFIX);
  try {
    const kinds = kindsOf(type);
    if (!token) throw validationFailed("Verify requires a token");
    const target = await settings.sql.begin(async (tx) => {
      const found = await findTokenByHash(tx, token, kinds);
      const { token: used, user } = await acceptToken(
        tx,
        settings,
        found,
        "Email link is invalid or has expired",
      );
      const url = new URL(redirectTo);
      if (isPkce) {
        const code = used.flow_state_id
          ? await issueAuthCode(tx, used.flow_state_id, settings.now())
          : null;
        if (!code) {
          throw new AuthError(
            404,
            "flow_state_not_found",
            "invalid flow state, no valid flow state found",
          );
        }
        url.searchParams.set("code", code);
        return url.toString();
      }
      const s = await openSession(
        tx,
        user,
        VERIFY_AMR,
        settings.tokens,
        settings.now(),
        clientInfo(req),
      );
      url.hash = new URLSearchParams({
        access_token: s.access_token,
        expires_at: String(s.expires_at),
        expires_in: String(s.expires_in),
        refresh_token: s.refresh_token,
        token_type: "bearer",
        type,
        sb: "",
      }).toString();
      return url.toString();
    });
    return redirect(target);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return redirect(errorRedirect(redirectTo, error, isPkce));
  }
}

const OAUTH_ERRORS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
};

function errorRedirect(base: string, error: AuthError, pkce: boolean): string {
  const params = new URLSearchParams({
    error: OAUTH_ERRORS[error.status] ?? "invalid_request",
    error_code: error.code,
    error_description: error.message,
  });
  const url = new URL(base);
  if (pkce) {
    for (const [key, value] of params) url.searchParams.set(key, value);
  }
  url.hash = params.toString();
  return url.toString();
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
