/**
 * `auth.users` and `auth.identities` access plus GoTrue's user JSON.
 *
 * @module
 */
import type { TransactionSql } from "postgres";

/** The `auth.users` columns the stand-in reads. */
export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean;
}

/** An `auth.identities` row. */
export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  email: string | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS =
  "id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at, confirmed_at, invited_at, confirmation_sent_at, recovery_sent_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until, is_anonymous";

/** The user with this (normalised) email, excluding SSO and deleted users. */
export async function findUserByEmail(
  tx: TransactionSql,
  email: string,
): Promise<UserRow | null> {
  const rows = await tx.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from auth.users
      where lower(email) = $1 and is_sso_user = false and deleted_at is null
      limit 1`,
    [email],
  );
  return rows[0] ?? null;
}

/** The user with this id, or null. */
export async function findUserById(
  tx: TransactionSql,
  id: string,
): Promise<UserRow | null> {
  if (!isUuid(id)) return null;
  const rows = await tx.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * One page of users, newest first, and how many match in all (admin
 * listing). `filter` matches a substring of the email or of
 * `user_metadata.full_name` (case-insensitive), as GoTrue's does.
 */
export async function listUsers(
  tx: TransactionSql,
  limit: number,
  offset: number,
  filter = "",
): Promise<{ rows: UserRow[]; total: number }> {
  const where = `deleted_at is null and aud = 'authenticated'
    and ($1 = '' or email like '%' || $1 || '%'
         or raw_user_meta_data->>'full_name' ilike '%' || $1 || '%')`;
  const rows = await tx.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from auth.users where ${where}
      order by created_at desc nulls last, id limit $2 offset $3`,
    [filter, limit, offset],
  );
  const [count] = await tx.unsafe<{ n: number }[]>(
    `select count(*)::int as n from auth.users where ${where}`,
    [filter],
  );
  return { rows, total: count?.n ?? 0 };
}

/** Fields of a new user. */
export interface NewUser {
  id?: string;
  email: string;
  phone?: string | null;
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  role?: string;
  emailConfirmedAt?: Date | null;
  invitedAt?: Date | null;
  /** Plain password, hashed with pgcrypto's bcrypt in the database. */
  password?: string | null;
  bannedUntil?: Date | null;
  now: Date;
}

/**
 * Inserts a user and its `email` identity. Throws a unique violation
 * (SQLSTATE 23505) when the email is taken.
 */
export async function insertUser(
  tx: TransactionSql,
  user: NewUser,
): Promise<UserRow> {
  const id = user.id ?? crypto.randomUUID();
  const app = {
    ...(user.appMetadata ?? {}),
    provider: "email",
    providers: ["email"],
  };
  const rows = await tx.unsafe<UserRow[]>(
    `insert into auth.users
       (instance_id, id, aud, role, email, phone, encrypted_password,
        email_confirmed_at, invited_at, raw_app_meta_data, raw_user_meta_data,
        banned_until, created_at, updated_at, is_sso_user, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', $2, $3, $4,
        case when $5::text is null then '' else extensions.crypt($5::text, extensions.gen_salt('bf', 10)) end,
        $6, $7, $8::text::jsonb, $9::text::jsonb, $10, $11, $11, false, false)
     returning ${USER_COLUMNS}`,
    [
      id,
      user.role ?? "authenticated",
      user.email,
      user.phone ?? null,
      user.password ?? null,
      user.emailConfirmedAt ?? null,
      user.invitedAt ?? null,
      JSON.stringify(app),
      JSON.stringify(user.userMetadata ?? {}),
      user.bannedUntil ?? null,
      user.now,
    ],
  );
  const row = rows[0];
  await tx.unsafe(
    `insert into auth.identities
       (id, provider_id, user_id, identity_data, provider, email, created_at, updated_at)
     values ($1, $2::text, $2::uuid, $3::text::jsonb, 'email', $4, $5, $5)`,
    [
      crypto.randomUUID(),
      id,
      JSON.stringify({
        sub: id,
        email: user.email,
        email_verified: false,
        phone_verified: false,
      }),
      user.email,
      user.now,
    ],
  );
  return row;
}

/** Identities of a user, oldest first. */
export async function identitiesOf(
  tx: TransactionSql,
  userId: string,
): Promise<IdentityRow[]> {
  return await tx.unsafe<IdentityRow[]>(
    `select id, provider_id, user_id, identity_data, provider, email,
            last_sign_in_at, created_at, updated_at
       from auth.identities where user_id = $1 order by created_at, id`,
    [userId],
  );
}

/**
 * Marks a sign-in: confirms the email on first proof of ownership and stamps
 * `last_sign_in_at` on the user and its email identity.
 */
export async function recordSignIn(
  tx: TransactionSql,
  userId: string,
  now: Date,
): Promise<void> {
  await tx.unsafe(
    `update auth.users
        set email_confirmed_at = coalesce(email_confirmed_at, $2),
            last_sign_in_at = $2, updated_at = $2
      where id = $1`,
    [userId, now],
  );
  await tx.unsafe(
    `update auth.identities
        set last_sign_in_at = $2, updated_at = $2,
            identity_data = identity_data || '{"email_verified": true}'::jsonb
      where user_id = $1 and provider = 'email'`,
    [userId, now],
  );
}

/** True for the canonical textual form of a UUID. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
    .test(value);
}

/** True when the user is banned at `now`. */
export function isBanned(user: UserRow, now: Date): boolean {
  return user.banned_until !== null && user.banned_until > now;
}

/** GoTrue's user JSON (null timestamps omitted, as Go's omitempty does). */
export function userJson(
  user: UserRow,
  identities: IdentityRow[],
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? "authenticated",
    role: user.role ?? "authenticated",
    email: user.email ?? "",
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? "",
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    invited_at: iso(user.invited_at),
    confirmed_at: iso(user.confirmed_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    banned_until: iso(user.banned_until),
    is_anonymous: user.is_anonymous,
  };
  for (const key of Object.keys(json)) {
    if (json[key] === undefined) delete json[key];
  }
  return json;
}

function identityJson(identity: IdentityRow): Record<string, unknown> {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  };
}

function iso(value: Date | null | undefined): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}
