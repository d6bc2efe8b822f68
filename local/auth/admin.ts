/**
 * Admin endpoints (service_role only): `POST /invite`, `/admin/users…`,
 * `POST /admin/generate_link`.
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import { checkSendFrequency, issueEmailAction } from "./email_action.ts";
import { AuthError, checkPassword, validationFailed } from "./errors.ts";
import { requireAdmin } from "./guard.ts";
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
import { authMail, type EmailAction } from "./templates.ts";
import {
  findUserByEmail,
  findUserById,
  identitiesOf,
  insertUser,
  isUuid,
  listUsers,
  type NewUser,
  userJson,
  type UserRow,
} from "./users.ts";

const DUPLICATE_EMAIL =
  "A user with this email address has already been registered";

async function userResponse(tx: TransactionSql, user: UserRow) {
  return userJson(user, await identitiesOf(tx, user.id));
}

/** Inserts a user, mapping a taken email to 422 `email_exists`. */
async function createUser(tx: TransactionSql, user: NewUser): Promise<UserRow> {
  try {
    return await tx.savepoint((sp) => insertUser(sp, user));
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new AuthError(422, "email_exists", DUPLICATE_EMAIL);
    }
    throw error;
  }
}

/** `POST /invite`: creates (or re-invites) an unconfirmed user and mails an invite link. */
export async function handleInvite(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  await requireAdmin(req, settings);
  const body = await readBody(req);
  const email = normalizeEmail(optionalString(body, "email"));
  const data = optionalObject(body, "data");
  const redirectTo = resolveRedirect(
    new URL(req.url).searchParams.get("redirect_to") ??
      optionalString(body, "redirect_to"),
    settings.redirect,
  );
  const result = await settings.sql.begin(async (tx) => {
    let user = await findUserByEmail(tx, email);
    if (user?.email_confirmed_at) {
      throw new AuthError(422, "email_exists", DUPLICATE_EMAIL);
    }
    if (user) checkSendFrequency(user.confirmation_sent_at, settings);
    user ??= await createUser(tx, {
      email,
      userMetadata: data,
      now: settings.now(),
    });
    const issued = await issueEmailAction(tx, settings, {
      user,
      email,
      action: "invite",
      redirectTo,
    });
    await settings.mailer.send(
      authMail("invite", email, issued.link, issued.otp, settings.siteName),
    );
    return await userResponse(tx, (await findUserById(tx, user.id)) ?? user);
  });
  return json(result);
}

/** Parses GoTrue's `ban_duration` ("none" or a Go-style duration like "24h"). */
export function parseBanDuration(value: string, now: Date): Date | null {
  if (value === "none") return null;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!match) {
    throw validationFailed(`invalid format for ban duration: ${value}`);
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2]]!;
  return new Date(now.getTime() + Number(match[1]) * unit);
}

/** `POST /admin/users`: creates a user directly. */
export async function handleCreateUser(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  await requireAdmin(req, settings);
  const body = await readBody(req);
  if (!optionalString(body, "email") && !optionalString(body, "phone")) {
    throw validationFailed(
      "Cannot create a user without either an email or phone",
    );
  }
  const email = normalizeEmail(optionalString(body, "email"));
  const id = optionalString(body, "id");
  if (id !== undefined && !isUuid(id)) {
    throw validationFailed("id must be a UUID");
  }
  const password = optionalString(body, "password");
  if (password !== undefined) checkPassword(password, settings);
  const ban = optionalString(body, "ban_duration");
  const now = settings.now();
  const result = await settings.sql.begin(async (tx) => {
    const user = await createUser(tx, {
      id,
      email,
      phone: optionalString(body, "phone") || null,
      password: password ?? null,
      userMetadata: optionalObject(body, "user_metadata"),
      appMetadata: optionalObject(body, "app_metadata"),
      role: optionalString(body, "role"),
      emailConfirmedAt: optionalBoolean(body, "email_confirm") ? now : null,
      bannedUntil: ban ? parseBanDuration(ban, now) : null,
      now,
    });
    return await userResponse(tx, user);
  });
  return json(result);
}

/**
 * `GET /admin/users?page=&per_page=&filter=`: newest first, with GoTrue's
 * `X-Total-Count` and `Link` (`rel="next"`, `rel="last"`) headers, which
 * auth-js reads for `total`, `nextPage` and `lastPage`.
 */
export async function handleListUsers(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  await requireAdmin(req, settings);
  const url = new URL(req.url);
  const params = url.searchParams;
  const page = parseUint(params.get("page"), 1);
  const perPage = parseUint(params.get("per_page"), 50);
  if (perPage === 0) badPagination("per_page must be greater than 0");
  const filter = params.get("filter") ?? "";
  const { users, total } = await settings.sql.begin(async (tx) => {
    // Like GoTrue's pager, page 0 reads as page 1.
    const offset = (Math.max(page, 1) - 1) * perPage;
    const { rows, total } = await listUsers(tx, perPage, offset, filter);
    return {
      users: await Promise.all(rows.map((row) => userResponse(tx, row))),
      total,
    };
  });
  const response = json({ users, aud: "authenticated" });
  response.headers.set("x-total-count", String(total));
  response.headers.set("link", paginationLink(url, page, perPage, total));
  return response;
}

/** GoTrue's `Link` header: `next` while pages remain, always `last`. */
function paginationLink(
  url: URL,
  page: number,
  perPage: number,
  total: number,
): string {
  const lastPage = Math.ceil(total / perPage);
  // GoTrue sees the path behind the gateway (without /auth/v1) and encodes
  // the query with sorted keys, so `page` comes first.
  const path = url.pathname.replace(/^\/auth\/v1(?=\/)/, "");
  const at = (n: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("page", String(n));
    query.sort();
    return `<${path}?${query}>`;
  };
  const parts: string[] = [];
  if (lastPage > page) parts.push(`${at(page + 1)}; rel="next"`);
  parts.push(`${at(lastPage)}; rel="last"`);
  return parts.join(", ");
}

/** Go's `strconv.ParseUint` on a query value ("" means the default). */
function parseUint(raw: string | null, fallback: number): number {
  if (raw === null || raw === "") return fallback;
  if (!/^[0-9]+$/.test(raw)) {
    badPagination(`strconv.ParseUint: parsing ${goQuote(raw)}: invalid syntax`);
  }
  const value = BigInt(raw);
  if (value > 0xffff_ffff_ffff_ffffn) {
    badPagination(
      `strconv.ParseUint: parsing ${goQuote(raw)}: value out of range`,
    );
  }
  return Number(
    value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : value,
  );
}

function goQuote(value: string): string {
  return JSON.stringify(value);
}

function badPagination(reason: string): never {
  throw validationFailed(`Bad Pagination Parameters: ${reason}`);
}

/** `GET|PUT|DELETE /admin/users/{id}`. */
export async function handleUserById(
  req: Request,
  settings: AuthSettings,
  id: string,
): Promise<Response> {
  await requireAdmin(req, settings);
  const notFound = new AuthError(404, "user_not_found", "User not found");
  if (!isUuid(id)) throw notFound;
  const body = req.method === "PUT" ? await readBody(req) : {};
  const result = await settings.sql.begin(async (tx) => {
    const user = await findUserById(tx, id);
    if (!user) throw notFound;
    if (req.method === "DELETE") {
      await tx.unsafe(`delete from auth.users where id = $1`, [id]);
      return {};
    }
    if (req.method === "PUT") await updateUser(tx, settings, user, body);
    return await userResponse(tx, (await findUserById(tx, id)) ?? user);
  });
  return json(result);
}

async function updateUser(
  tx: TransactionSql,
  settings: AuthSettings,
  user: UserRow,
  body: Record<string, unknown>,
): Promise<void> {
  const now = settings.now();
  const userMeta = optionalObject(body, "user_metadata");
  const appMeta = optionalObject(body, "app_metadata");
  const confirm = optionalBoolean(body, "email_confirm");
  const ban = optionalString(body, "ban_duration");
  const password = optionalString(body, "password");
  const rawEmail = optionalString(body, "email");
  const email = rawEmail ? normalizeEmail(rawEmail) : undefined;
  const role = optionalString(body, "role");
  if (password !== undefined) checkPassword(password, settings);
  if (role) {
    await tx.unsafe(`update auth.users set role = $2 where id = $1`, [
      user.id,
      role,
    ]);
  }
  if (email !== undefined) await setEmail(tx, user, email, confirm === true);
  if (userMeta) {
    await tx.unsafe(
      `update auth.users set raw_user_meta_data = jsonb_strip_nulls(coalesce(raw_user_meta_data, '{}'::jsonb) || $2::text::jsonb) where id = $1`,
      [user.id, JSON.stringify(userMeta)],
    );
  }
  if (appMeta) {
    await tx.unsafe(
      `update auth.users set raw_app_meta_data = jsonb_strip_nulls(coalesce(raw_app_meta_data, '{}'::jsonb) || $2::text::jsonb) where id = $1`,
      [user.id, JSON.stringify(appMeta)],
    );
  }
  if (confirm === true) {
    await tx.unsafe(
      `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, $2) where id = $1`,
      [user.id, now],
    );
  }
  if (ban !== undefined) {
    await tx.unsafe(`update auth.users set banned_until = $2 where id = $1`, [
      user.id,
      parseBanDuration(ban, now),
    ]);
    // A ban ends the user's sessions at once, as GoTrue does.
    if (ban !== "none") {
      await tx.unsafe(`delete from auth.sessions where user_id = $1`, [
        user.id,
      ]);
    }
  }
  if (password !== undefined) {
    await tx.unsafe(
      `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)) where id = $1`,
      [user.id, password],
    );
  }
  await tx.unsafe(`update auth.users set updated_at = $2 where id = $1`, [
    user.id,
    now,
  ]);
}

const LINK_TYPES = new Set(["signup", "invite", "magiclink", "recovery"]);

/**
 * `POST /admin/generate_link`: issues an action link without sending mail
 * (a magic link for an unknown email becomes a signup link, as in GoTrue).
 */
export async function handleGenerateLink(
  req: Request,
  settings: AuthSettings,
): Promise<Response> {
  await requireAdmin(req, settings);
  const body = await readBody(req);
  let type = optionalString(body, "type") ?? "";
  if (!LINK_TYPES.has(type)) {
    throw validationFailed(`Invalid email action link type requested: ${type}`);
  }
  const email = normalizeEmail(optionalString(body, "email"));
  const data = optionalObject(body, "data");
  const password = optionalString(body, "password");
  const redirectTo = resolveRedirect(
    optionalString(body, "redirect_to") ??
      new URL(req.url).searchParams.get("redirect_to"),
    settings.redirect,
  );
  const result = await settings.sql.begin(async (tx) => {
    let user = await findUserByEmail(tx, email);
    if (!user) {
      if (type === "recovery") {
        throw new AuthError(
          404,
          "user_not_found",
          "User with this email not found",
        );
      }
      if (type === "magiclink") type = "signup";
      user = await createUser(tx, {
        email,
        userMetadata: data,
        password: type === "signup" ? password ?? null : null,
        now: settings.now(),
      });
    } else if (
      (type === "signup" || type === "invite") && user.email_confirmed_at
    ) {
      throw new AuthError(422, "email_exists", DUPLICATE_EMAIL);
    }
    const issued = await issueEmailAction(tx, settings, {
      user,
      email,
      action: type as EmailAction,
      redirectTo,
    });
    const fresh = (await findUserById(tx, user.id)) ?? user;
    return {
      ...(await userResponse(tx, fresh)),
      action_link: issued.link,
      email_otp: issued.otp,
      hashed_token: issued.hashedToken,
      verification_type: type,
      redirect_to: redirectTo,
    };
  });
  return json(result);
}

/**
 * Admin email change, as GoTrue's `adminUserUpdate`: no confirmation mail;
 * the email identity follows (`email_verified` from `email_confirm`). GoTrue
 * has no duplicate check here: the unique index refuses a taken address and
 * the answer is a 500 "Error updating user".
 */
async function setEmail(
  tx: TransactionSql,
  user: UserRow,
  email: string,
  verified: boolean,
): Promise<void> {
  try {
    await tx.savepoint(async (sp) => {
      await sp.unsafe(`update auth.users set email = $2 where id = $1`, [
        user.id,
        email,
      ]);
      const updated = await sp.unsafe(
        `update auth.identities
            set email = $2, updated_at = now(),
                identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', $3::boolean)
          where user_id = $1 and provider = 'email'`,
        [user.id, email, verified],
      );
      if (updated.count === 0) {
        await sp.unsafe(
          `insert into auth.identities
             (id, provider_id, user_id, identity_data, provider, email, created_at, updated_at)
           values ($1, $2::text, $2::uuid, $3::text::jsonb, 'email', $4, now(), now())`,
          [
            crypto.randomUUID(),
            user.id,
            JSON.stringify({
              sub: user.id,
              email,
              email_verified: verified,
              phone_verified: false,
            }),
            email,
          ],
        );
      }
    });
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new AuthError(500, "unexpected_failure", "Error updating user");
    }
    throw error;
  }
}
