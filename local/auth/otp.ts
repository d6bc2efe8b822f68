/**
 * `POST /otp`: email magic link / OTP sign-in (PKCE or implicit).
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import { type ChallengeMethod, parseChallengeMethod } from "./crypto.ts";
import { checkSendFrequency, issueEmailAction } from "./email_action.ts";
import { AuthError, validationFailed } from "./errors.ts";
import {
  json,
  normalizeEmail,
  optionalBoolean,
  optionalObject,
  optionalString,
  readBody,
} from "./http.ts";
import type { AuthSettings } from "./options.ts";
import { resolveRedirect } from "./redirect.ts";
import { authMail } from "./templates.ts";
import { findUserByEmail, insertUser, type UserRow } from "./users.ts";

/** Reads and checks the PKCE fields of a body; null in the implicit flow. */
export function readPkce(
  body: Record<string, unknown>,
): { challenge: string; method: ChallengeMethod } | null {
  const challenge = optionalString(body, "code_challenge") ?? "";
  const rawMethod = optionalString(body, "code_challenge_method") ?? "";
  if (challenge === "" && rawMethod === "") return null;
  if (challenge === "" || rawMethod === "") {
    throw validationFailed(
      "PKCE flow requires code_challenge_method and code_challenge",
    );
  }
  const method = parseChallengeMethod(rawMethod);
  if (!method) {
    throw validationFailed(`code challenge method not supported: ${rawMethod}`);
  }
  if (challenge.length < 43 || challenge.length > 128) {
    throw validationFailed(
      "code challenge has to be between 43 and 128 characters",
    );
  }
  return { challenge, method };
}

/**
 * Finds the user for an email, creating it when allowed. Concurrent creators
 * of one email race on the unique index: the loser re-reads the winner's row.
 */
export async function findOrCreateUser(
  tx: TransactionSql,
  settings: AuthSettings,
  email: string,
  args: { createUser: boolean; data?: Record<string, unknown> },
): Promise<UserRow> {
  const existing = await findUserByEmail(tx, email);
  if (existing) return existing;
  if (!args.createUser) {
    throw new AuthError(422, "otp_disabled", "Signups not allowed for otp");
  }
  if (settings.disableSignup) {
    throw new AuthError(
      422,
      "signup_disabled",
      "Signups not allowed for this instance",
    );
  }
  try {
    // With autoconfirm GoTrue signs the new user up confirmed before
    // mailing the magic link.
    const now = settings.now();
    return await tx.savepoint((sp) =>
      insertUser(sp, {
        email,
        userMetadata: args.data,
        emailConfirmedAt: settings.autoconfirm ? now : null,
        now,
      })
    );
  } catch (error) {
    if ((error as { code?: string }).code !== "23505") throw error;
    const winner = await findUserByEmail(tx, email);
    if (!winner) throw error;
    return winner;
  }
}

/** Handles `POST /otp` (email only; phone OTP is not offered). */
export async function handleOtp(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const body = await readBody(req);
  if (!settings.emailEnabled && !optionalString(body, "phone")) {
    throw new AuthError(
      400,
      "email_provider_disabled",
      "Email logins are disabled",
    );
  }
  if (optionalString(body, "phone")) {
    throw new AuthError(
      422,
      "phone_provider_disabled",
      "Unsupported phone provider",
    );
  }
  const email = normalizeEmail(optionalString(body, "email"));
  const data = optionalObject(body, "data");
  const createUser = optionalBoolean(body, "create_user") ?? true;
  const pkce = readPkce(body);
  const redirectTo = resolveRedirect(
    new URL(req.url).searchParams.get("redirect_to"),
    settings.redirect,
  );
  if (settings.hideUnknownEmails) {
    return await privateOtp(settings, {
      email,
      data,
      createUser,
      pkce,
      redirectTo,
    });
  }
  await settings.sql.begin(async (tx) => {
    const user = await findOrCreateUser(tx, settings, email, {
      createUser,
      data,
    });
    // The row lock makes concurrent requests for one address queue here, so
    // the frequency check sees the previous send.
    const [locked] = await tx.unsafe<{ recovery_sent_at: Date | null }[]>(
      `select recovery_sent_at from auth.users where id = $1 for update`,
      [user.id],
    );
    // With confirmations on, an unconfirmed user is sent GoTrue's signup
    // (confirmation) mail instead, which signs in as well.
    const action = !settings.autoconfirm && !user.email_confirmed_at
      ? "signup"
      : "magiclink";
    checkSendFrequency(
      action === "signup"
        ? user.confirmation_sent_at
        : locked?.recovery_sent_at ?? null,
      settings,
    );
    const issued = await issueEmailAction(tx, settings, {
      user,
      email,
      action,
      redirectTo,
      pkce,
    });
    // Sent inside the transaction: a failed send leaves no usable token.
    await settings.mailer.send(
      authMail(action, email, issued.link, issued.otp, settings.siteName),
    );
  });
  return json({});
}

/**
 * `POST /otp` without revealing which addresses have accounts (ADR 0016;
 * the app's production profile): every well-formed request is answered 200
 * `{}`. An unknown address with `create_user: false`, or one inside the
 * send-rate window, gets no mail instead of `otp_disabled` /
 * `over_email_send_rate_limit`; the mail of a known address is sent after
 * the answer, so the answer takes about as long either way.
 */
async function privateOtp(
  settings: AuthSettings,
  args: {
    email: string;
    data: Record<string, unknown> | undefined;
    createUser: boolean;
    pkce: ReturnType<typeof readPkce>;
    redirectTo: string;
  },
): Promise<Response> {
  const mail = await settings.sql.begin(async (tx) => {
    let user: UserRow;
    try {
      user = await findOrCreateUser(tx, settings, args.email, {
        createUser: args.createUser,
        data: args.data,
      });
    } catch (err) {
      if (err instanceof AuthError && err.status === 422) return null;
      throw err;
    }
    const [locked] = await tx.unsafe<
      { recovery_sent_at: Date | null; confirmation_sent_at: Date | null }[]
    >(
      `select recovery_sent_at, confirmation_sent_at from auth.users where id = $1 for update`,
      [user.id],
    );
    const action = !settings.autoconfirm && !user.email_confirmed_at
      ? "signup"
      : "magiclink";
    try {
      checkSendFrequency(
        action === "signup"
          ? locked?.confirmation_sent_at ?? null
          : locked?.recovery_sent_at ?? null,
        settings,
      );
    } catch (err) {
      if (err instanceof AuthError && err.status === 429) return null;
      throw err;
    }
    const issued = await issueEmailAction(tx, settings, {
      user,
      email: args.email,
      action,
      redirectTo: args.redirectTo,
      pkce: args.pkce,
    });
    return authMail(
      action,
      args.email,
      issued.link,
      issued.otp,
      settings.siteName,
    );
  });
  if (mail) {
    // Not awaited: the answer must not take longer for a known address. A
    // failed send leaves a token nobody received (it expires unused).
    settings.mailer.send(mail).catch((err) => settings.onMailError(err));
  }
  return json({});
}
