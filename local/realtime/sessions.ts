/**
 * The live-session rule of the embedded Realtime (ADR 0011): a user token
 * (`role` authenticated) is good for a channel only while its `session_id`
 * names a session of the embedded auth (`auth.sessions`) that belongs to
 * its `sub`, and the user is neither deleted nor banned. Hosted Realtime
 * trusts a signature until `exp`; the stand-in is stricter so that signing
 * out, banning, or an app rule (e.g. staff deactivation) closes channels
 * within seconds instead of at the token's expiry.
 *
 * API keys (`anon`, `service_role`) carry no session and pass.
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import type { RealtimeClaims } from "./token.ts";

/** GoTrue's words for a token whose session is gone. */
export const SESSION_GONE =
  "Session from session_id claim in JWT does not exist";

/**
 * Users an app rule refuses (e.g. deactivated staff): given user ids,
 * resolves to those that must lose their channels.
 */
export type RefusedUsers = (userIds: string[]) => Promise<Set<string>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session a set of claims depends on, or null for API keys. */
export function sessionOf(
  claims: RealtimeClaims,
): { sessionId: string; userId: string } | null | "invalid" {
  if (claims.role !== "authenticated") return null;
  const sessionId = claims.session_id;
  const userId = claims.sub;
  if (
    typeof sessionId !== "string" || !UUID.test(sessionId) ||
    typeof userId !== "string" || !UUID.test(userId)
  ) return "invalid";
  return { sessionId, userId };
}

/** Checks claims against the database; see the module doc. */
export class SessionGate {
  constructor(
    readonly db: Db,
    readonly refusedUsers?: RefusedUsers,
  ) {}

  /**
   * For each claims object, null when it may hold a channel, else the
   * message to refuse (or shut the channel) with. Throws when the
   * database cannot answer (callers keep channels open then).
   */
  async check(
    all: RealtimeClaims[],
    channelName: (i: number) => string,
  ): Promise<(string | null)[]> {
    const sessions = all.map(sessionOf);
    const wanted = sessions.filter((s) => s !== null && s !== "invalid") as {
      sessionId: string;
      userId: string;
    }[];
    const live = await this.#liveSessions(wanted.map((s) => s.sessionId));
    const userIds = [...new Set(wanted.map((s) => s.userId))];
    const refused = this.refusedUsers && userIds.length > 0
      ? await this.refusedUsers(userIds)
      : new Set<string>();
    return sessions.map((s, i) => {
      if (s === null) return null;
      if (s === "invalid") return SESSION_GONE;
      if (live.get(s.sessionId) !== s.userId) return SESSION_GONE;
      if (refused.has(s.userId)) {
        return `You no longer have permission to read from this Channel topic: ${
          channelName(i)
        }`;
      }
      return null;
    });
  }

  /** Live session id → its user id. */
  async #liveSessions(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const [exists] = await this.db.sql<{ ok: boolean }[]>`
      select to_regclass('auth.sessions') is not null as ok`;
    // The auth stand-in creates its tables on its first request: before
    // that no session exists.
    if (!exists?.ok) return out;
    const rows = await this.db.sql<{ id: string; user_id: string }[]>`
      select s.id::text as id, s.user_id::text as user_id
        from auth.sessions s
        join auth.users u on u.id = s.user_id
       where s.id = any(${[...new Set(ids)]}::uuid[])
         and u.deleted_at is null
         and (u.banned_until is null or u.banned_until <= now())`;
    for (const r of rows) out.set(r.id, r.user_id);
    return out;
  }
}
