/**
 * The signed-in user's own endpoints: `GET /user`, `PUT /user`, `POST /logout`.
 *
 * @module
 */
import { AuthError, checkPassword, validationFailed } from "./errors.ts";
import { requireClaims, requireUser } from "./guard.ts";
import { json, optionalObject, optionalString, readBody } from "./http.ts";
import type { AuthSettings } from "./options.ts";
import { findUserById, identitiesOf, userJson } from "./users.ts";

/** `GET /user`: the caller's user JSON. */
export async function handleGetUser(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const claims = await requireClaims(req, settings);
  const body = await settings.sql.begin(async (tx) => {
    const { user } = await requireUser(tx, claims);
    return userJson(user, await identitiesOf(tx, user.id));
  });
  return json(body);
}

/**
 * `PUT /user`: updates `data` (user metadata, merged; null values delete
 * keys) and `password`. Email and phone changes are not offered locally.
 */
export async function handleUpdateUser(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const claims = await requireClaims(req, settings);
  const body = await readBody(req);
  const data = optionalObject(body, "data");
  const password = optionalString(body, "password");
  if (optionalString(body, "email") || optionalString(body, "phone")) {
    throw new AuthError(
      422,
      "validation_failed",
      "Changing email or phone is not supported by the local auth server",
    );
  }
  if (password !== undefined) checkPassword(password, settings);
  const result = await settings.sql.begin(async (tx) => {
    const { user } = await requireUser(tx, claims);
    const now = settings.now();
    if (data) {
      await tx.unsafe(
        `update auth.users
            set raw_user_meta_data = jsonb_strip_nulls(coalesce(raw_user_meta_data, '{}'::jsonb) || $2::text::jsonb),
                updated_at = $3
          where id = $1`,
        [user.id, JSON.stringify(data), now],
      );
    }
    if (password !== undefined) {
      await tx.unsafe(
        `update auth.users
            set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)),
                updated_at = $3
          where id = $1`,
        [user.id, password, now],
      );
    }
    const updated = await findUserById(tx, user.id);
    return userJson(updated ?? user, await identitiesOf(tx, user.id));
  });
  return json(result);
}

/** `POST /logout?scope=global|local|others`: ends sessions, 204. */
export async function handleLogout(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  const scope = new URL(req.url).searchParams.get("scope") ?? "global";
  if (!["global", "local", "others"].includes(scope)) {
    throw validationFailed(`Unsupported logout scope "${scope}"`);
  }
  const claims = await requireClaims(req, settings);
  await settings.sql.begin(async (tx) => {
    const { user, session } = await requireUser(tx, claims);
    if (scope === "local") {
      await tx.unsafe(`delete from auth.sessions where id = $1`, [session.id]);
    } else if (scope === "others") {
      await tx.unsafe(
        `delete from auth.sessions where user_id = $1 and id <> $2`,
        [user.id, session.id],
      );
    } else {
      await tx.unsafe(`delete from auth.sessions where user_id = $1`, [
        user.id,
      ]);
    }
  });
  return new Response(null, { status: 204 });
}
