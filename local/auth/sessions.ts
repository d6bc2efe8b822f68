/**
 * Sessions, refresh tokens and access tokens (GoTrue's token service).
 *
 * @module
 */
import { SignJWT } from "jose";
import type { TransactionSql } from "postgres";
import { randomToken } from "./crypto.ts";
import { identitiesOf, userJson, type UserRow } from "./users.ts";

/** How a session was authenticated (the JWT `amr` entry). */
export type AuthMethod =
  | "otp"
  | "magiclink"
  | "password"
  | "invite"
  | "recovery"
  | "email/signup";

/** Signing settings for access tokens. */
export interface TokenSettings {
  jwtSecret: string;
  /** Access-token lifetime in seconds. */
  jwtExpiry: number;
  /** `iss` claim: the auth service's external URL. */
  issuer: string;
}

/** A `auth.sessions` row. */
export interface SessionRow {
  id: string;
  user_id: string;
  aal: string;
  amr: { method: string; timestamp: number }[];
}

/** A `auth.refresh_tokens` row. */
export interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  session_id: string;
  parent: string | null;
  revoked: boolean;
  updated_at: Date;
}

/** The session JSON every sign-in endpoint returns. */
export interface SessionJson {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
}

/** Creates a session with its first refresh token. */
export async function createSession(
  tx: TransactionSql,
  userId: string,
  method: AuthMethod,
  now: Date,
  client: { userAgent?: string | null; ip?: string | null } = {},
): Promise<{ session: SessionRow; refreshToken: string }> {
  const amr = [{ method, timestamp: Math.floor(now.getTime() / 1000) }];
  const rows = await tx.unsafe<SessionRow[]>(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, amr, user_agent, ip)
     values ($1, $2, $3, $3, 'aal1', $4::text::jsonb, $5, $6)
     returning id, user_id, aal, amr`,
    [
      crypto.randomUUID(),
      userId,
      now,
      JSON.stringify(amr),
      client.userAgent ?? null,
      client.ip ?? null,
    ],
  );
  const session = rows[0];
  const refreshToken = await insertRefreshToken(
    tx,
    userId,
    session.id,
    null,
    now,
  );
  return { session, refreshToken };
}

/**
 * Opens a session for `user` and answers it as session JSON: every sign-in
 * path (grants, email links, OTP codes) issues tokens the same way.
 */
export async function openSession(
  tx: TransactionSql,
  user: UserRow,
  method: AuthMethod,
  settings: TokenSettings,
  now: Date,
  client: { userAgent?: string | null; ip?: string | null } = {},
): Promise<SessionJson> {
  const { session, refreshToken } = await createSession(
    tx,
    user.id,
    method,
    now,
    client,
  );
  return await sessionJson(tx, user, session, refreshToken, settings, now);
}

/** Adds a refresh token to a session (the child of `parent`, if any). */
export async function insertRefreshToken(
  tx: TransactionSql,
  userId: string,
  sessionId: string,
  parent: string | null,
  now: Date,
): Promise<string> {
  const token = randomToken(24);
  await tx.unsafe(
    `insert into auth.refresh_tokens (token, user_id, session_id, parent, revoked, created_at, updated_at)
     values ($1, $2, $3, $4, false, $5, $5)`,
    [token, userId, sessionId, parent, now],
  );
  return token;
}

/** The session with this id, or null (signed out or deleted). */
export async function findSession(
  tx: TransactionSql,
  id: string,
): Promise<SessionRow | null> {
  const rows = await tx.unsafe<SessionRow[]>(
    `select id, user_id, aal, amr from auth.sessions where id::text = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Signs an HS256 access token with GoTrue's claims. */
export async function signAccessToken(
  user: UserRow,
  session: SessionRow,
  settings: TokenSettings,
  now: Date,
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(now.getTime() / 1000);
  const expiresAt = iat + settings.jwtExpiry;
  const token = await new SignJWT({
    iss: settings.issuer,
    sub: user.id,
    aud: user.aud ?? "authenticated",
    exp: expiresAt,
    iat,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "authenticated",
    aal: session.aal,
    amr: session.amr,
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(settings.jwtSecret));
  return { token, expiresAt };
}

/** Builds the session JSON for a user, session and refresh token. */
export async function sessionJson(
  tx: TransactionSql,
  user: UserRow,
  session: SessionRow,
  refreshToken: string,
  settings: TokenSettings,
  now: Date,
): Promise<SessionJson> {
  const { token, expiresAt } = await signAccessToken(
    user,
    session,
    settings,
    now,
  );
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: settings.jwtExpiry,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user, await identitiesOf(tx, user.id)),
  };
}
