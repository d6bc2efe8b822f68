/**
 * `POST /signup`: email + password sign-up, behind config.toml's switches as
 * in GoTrue (`[auth] enable_signup`, `[auth.email] enable_signup`,
 * `enable_confirmations`, `minimum_password_length`).
 *
 * @module
 */
import { checkSendFrequency, issueEmailAction } from "./email_action.ts";
import { AuthError, checkPassword, validationFailed } from "./errors.ts";
import {
  json,
  normalizeEmail,
  optionalObject,
  optionalString,
  readBody,
} from "./http.ts";
import type { AuthSettings } from "./options.ts";
import { readPkce } from "./otp.ts";
import { resolveRedirect } from "./redirect.ts";
import { authMail } from "./templates.ts";
import { startSession } from "./token.ts";
import {
  findUserByEmail,
  findUserById,
  identitiesOf,
  insertUser,
  userJson,
} from "./users.ts";

/**
 * With autoconfirm the answer is a session (amr `password`); otherwise the
 * unconfirmed user, and a `signup` mail whose link or code confirms and
 * signs in. A confirmed email is refused with 422 `user_already_exists`
 * under autoconfirm, else answered with an obfuscated user (no mail), so
 * sign-up does not reveal who is registered.
 */
export async function handleSignup(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  if (settings.disableSignup) {
    throw new AuthError(
      422,
      "signup_disabled",
      "Signups not allowed for this instance",
    );
  }
  const body = await readBody(req);
  const rawEmail = optionalString(body, "email") ?? "";
  const phone = optionalString(body, "phone") ?? "";
  const password = optionalString(body, "password") ?? "";
  const data = optionalObject(body, "data") ?? {};
  if (password === "") {
    throw validationFailed("Signup requires a valid password");
  }
  checkPassword(password, settings);
  if (rawEmail !== "" && phone !== "") {
    throw validationFailed(
      "Only an email address or phone number should be provided on signup.",
    );
  }
  const pkce = readPkce(body);
  if (rawEmail === "" && phone !== "") {
    throw new AuthError(
      400,
      "phone_provider_disabled",
      "Phone signups are disabled",
    );
  }
  if (rawEmail === "") {
    throw validationFailed("Sign up only available with email provider");
  }
  if (!settings.emailEnabled) {
    throw new AuthError(
      400,
      "email_provider_disabled",
      "Email signups are disabled",
    );
  }
  const email = normalizeEmail(rawEmail);
  const redirectTo = resolveRedirect(
    new URL(req.url).searchParams.get("redirect_to"),
    settings.redirect,
  );
  const result = await settings.sql.begin(async (tx) => {
    const now = settings.now();
    const existing = await findUserByEmail(tx, email);
    if (existing?.email_confirmed_at) {
      if (settings.autoconfirm) {
        throw new AuthError(
          422,
          "user_already_exists",
          "User already registered",
        );
      }
      return obfuscatedUser(email, data, now);
    }
    const user = existing ??
      await tx.savepoint((sp) =>
        insertUser(sp, { email, password, userMetadata: data, now })
      );
    if (settings.autoconfirm) {
      return await startSession(tx, req, settings, user.id, "password");
    }
    checkSendFrequency(user.confirmation_sent_at, settings);
    const issued = await issueEmailAction(tx, settings, {
      user,
      email,
      action: "signup",
      redirectTo,
      pkce,
    });
    await settings.mailer.send(
      authMail("signup", email, issued.link, issued.otp, settings.siteName),
    );
    const fresh = (await findUserById(tx, user.id)) ?? user;
    return userJson(fresh, await identitiesOf(tx, user.id));
  });
  return json(result);
}

/** GoTrue's sanitized answer for an already registered email. */
function obfuscatedUser(
  email: string,
  data: Record<string, unknown>,
  now: Date,
): Record<string, unknown> {
  const at = now.toISOString();
  return {
    id: crypto.randomUUID(),
    aud: "authenticated",
    role: "",
    email,
    phone: "",
    confirmation_sent_at: at,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: at,
    updated_at: at,
    is_anonymous: false,
  };
}
