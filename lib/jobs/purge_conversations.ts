/**
 * Retention of the assistant's conversations (ADR 0025): a conversation is
 * kept 30 days after its last message, then deleted by
 * `app.assistant_purge_conversations` (its inbox message, if it was handed
 * off, keeps the transcript).
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";

/** Deletes the conversations whose expiry is at or before `now`; returns how many. */
export async function purgeExpiredConversations(
  db: Db,
  now: Date,
): Promise<number> {
  return await privileged(db, async (tx) => {
    const [row] = await tx<{ n: number }[]>`
      select app.assistant_purge_conversations(${now.toISOString()}::timestamptz) as n`;
    return row.n;
  });
}
