/**
 * One-time email tokens (`auth.one_time_tokens`) and PKCE flow state.
 *
 * GoTrue keeps one pending token per user and kind: magic links and recovery
 * use the recovery token, signup and invite the confirmation token.
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import { type ChallengeMethod, PKCE_PREFIX } from "./crypto.ts";
import type { EmailAction } from "./templates.ts";

/** Column-backed token kinds. */
export type TokenKind = "confirmation_token" | "recovery_token";

/** The token kind an email action stores. */
export function kindFor(action: EmailAction): TokenKind {
  return action === "magiclink" || action === "recovery"
    ? "recovery_token"
    : "confirmation_token";
}

/** Verification types `/verify` accepts and the kinds they may consume. */
export const VERIFY_KINDS: Record<string, TokenKind[]> = {
  magiclink: ["recovery_token"],
  recovery: ["recovery_token"],
  signup: ["confirmation_token"],
  invite: ["confirmation_token"],
  email: ["confirmation_token", "recovery_token"],
};

/** An `auth.one_time_tokens` row. */
export interface OneTimeTokenRow {
  id: string;
  user_id: string;
  token_type: TokenKind;
  token_hash: string;
  relates_to: string;
  flow_state_id: string | null;
  created_at: Date;
}

/**
 * Stores the pending token of `kind` for the user (replacing an older one)
 * and stamps the matching `*_sent_at` column GoTrue rate-limits on.
 */
export async function storeToken(
  tx: TransactionSql,
  args: {
    userId: string;
    email: string;
    kind: TokenKind;
    tokenHash: string;
    flowStateId: string | null;
    now: Date;
    invited?: boolean;
  },
): Promise<void> {
  await tx.unsafe(
    `delete from auth.one_time_tokens where user_id = $1 and token_type = $2`,
    [args.userId, args.kind],
  );
  await tx.unsafe(
    `insert into auth.one_time_tokens
       (id, user_id, token_type, token_hash, relates_to, flow_state_id, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      crypto.randomUUID(),
      args.userId,
      args.kind,
      args.tokenHash,
      args.email,
      args.flowStateId,
      args.now,
    ],
  );
  if (args.kind === "recovery_token") {
    await tx.unsafe(
      `update auth.users set recovery_token = $2, recovery_sent_at = $3 where id = $1`,
      [args.userId, args.tokenHash, args.now],
    );
  } else {
    await tx.unsafe(
      `update auth.users
          set confirmation_token = $2, confirmation_sent_at = $3,
              invited_at = case when $4 then $3 else invited_at end
        where id = $1`,
      [args.userId, args.tokenHash, args.now, args.invited ?? false],
    );
  }
}

/** The pending token with exactly this hash and one of `kinds`, locked. */
export async function findTokenByHash(
  tx: TransactionSql,
  tokenHash: string,
  kinds: TokenKind[],
): Promise<OneTimeTokenRow | null> {
  const rows = await tx.unsafe<OneTimeTokenRow[]>(
    `select id, user_id, token_type, token_hash, relates_to, flow_state_id, created_at
       from auth.one_time_tokens
      where token_hash = $1 and token_type = any($2::text[])
      for update`,
    [tokenHash, kinds],
  );
  return rows[0] ?? null;
}

/**
 * The user's pending token matching an OTP's hash (PKCE tokens carry the
 * `pkce_` prefix, so both forms count), locked.
 */
export async function findTokenForUser(
  tx: TransactionSql,
  userId: string,
  tokenHash: string,
  kinds: TokenKind[],
): Promise<OneTimeTokenRow | null> {
  const rows = await tx.unsafe<OneTimeTokenRow[]>(
    `select id, user_id, token_type, token_hash, relates_to, flow_state_id, created_at
       from auth.one_time_tokens
      where user_id = $1 and token_type = any($2::text[])
        and token_hash in ($3, $4)
      for update`,
    [userId, kinds, tokenHash, PKCE_PREFIX + tokenHash],
  );
  return rows[0] ?? null;
}

/** Deletes a used token and clears the user's copy of it. */
export async function consumeToken(
  tx: TransactionSql,
  token: OneTimeTokenRow,
): Promise<void> {
  await tx.unsafe(`delete from auth.one_time_tokens where id = $1`, [token.id]);
  const column = token.token_type === "recovery_token"
    ? "recovery_token"
    : "confirmation_token";
  await tx.unsafe(
    `update auth.users set ${column} = '' where id = $1`,
    [token.user_id],
  );
}

/** A `auth.flow_state` row. */
export interface FlowStateRow {
  id: string;
  user_id: string;
  auth_code: string;
  code_challenge: string;
  code_challenge_method: ChallengeMethod;
  authentication_method: string;
  auth_code_issued_at: Date | null;
}

/** Records a PKCE flow (challenge and a fresh auth code) for a user. */
export async function createFlowState(
  tx: TransactionSql,
  args: {
    userId: string;
    challenge: string;
    method: ChallengeMethod;
    authenticationMethod: string;
    now: Date;
  },
): Promise<string> {
  const id = crypto.randomUUID();
  await tx.unsafe(
    `insert into auth.flow_state
       (id, user_id, auth_code, code_challenge, code_challenge_method,
        authentication_method, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [
      id,
      args.userId,
      crypto.randomUUID(),
      args.challenge,
      args.method,
      args.authenticationMethod,
      args.now,
    ],
  );
  return id;
}

/** Marks the flow's auth code as handed out and returns it. */
export async function issueAuthCode(
  tx: TransactionSql,
  flowStateId: string,
  now: Date,
): Promise<string | null> {
  const rows = await tx.unsafe<{ auth_code: string }[]>(
    `update auth.flow_state set auth_code_issued_at = $2, updated_at = $2
      where id = $1 returning auth_code`,
    [flowStateId, now],
  );
  return rows[0]?.auth_code ?? null;
}

/** The flow with this auth code, locked, or null. */
export async function findFlowByCode(
  tx: TransactionSql,
  authCode: string,
): Promise<FlowStateRow | null> {
  const rows = await tx.unsafe<FlowStateRow[]>(
    `select id, user_id, auth_code, code_challenge, code_challenge_method,
            authentication_method, auth_code_issued_at
       from auth.flow_state where auth_code = $1 for update`,
    [authCode],
  );
  return rows[0] ?? null;
}

/** Deletes a flow (single use). */
export async function deleteFlow(
  tx: TransactionSql,
  id: string,
): Promise<void> {
  await tx.unsafe(`delete from auth.flow_state where id = $1`, [id]);
}
