/**
 * The assistant's conversations for staff (`/admin/assistant`): what
 * customers asked, how often they wanted a person, and each transcript.
 * Every query runs as the signed-in staff member, so RLS decides (managers
 * and admins read conversations; chefs none).
 *
 * @module
 */
import type { TransactionSql } from "../db/mod.ts";

/** Counts over a period. */
export interface AssistantSummary {
  conversations: number;
  turns: number;
  handoffs: number;
  /** Conversations by the intent of their latest turn, most first. */
  intents: Array<{ intent: string; conversations: number }>;
}

/** One conversation in the list. */
export interface ConversationListEntry {
  id: string;
  turns: number;
  lastIntent: string | null;
  handedOffAt: string | null;
  updatedAt: string;
  /** The customer's first message (shortened). */
  opening: string;
}

/** One transcript. */
export interface ConversationDetail {
  id: string;
  turns: number;
  lastIntent: string | null;
  handedOffAt: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  /** The inbox message of its handoff, if any. */
  inboxMessageId: string | null;
}

/** Counts of the conversations active since `since`. */
export async function assistantSummary(
  tx: TransactionSql,
  since: Date,
): Promise<AssistantSummary> {
  const [totals] = await tx<
    { conversations: number; turns: number; handoffs: number }[]
  >`
    select count(*)::int as conversations,
           coalesce(sum(turns), 0)::int as turns,
           count(handed_off_at)::int as handoffs
    from public.assistant_conversations
    where updated_at >= ${since.toISOString()}::timestamptz`;
  const intents = await tx<{ intent: string; conversations: number }[]>`
    select coalesce(last_intent, 'none') as intent, count(*)::int as conversations
    from public.assistant_conversations
    where updated_at >= ${since.toISOString()}::timestamptz
    group by 1 order by 2 desc, 1`;
  return { ...totals, intents: [...intents] };
}

const iso = (d: Date | string | null) =>
  d === null ? null : new Date(d).toISOString();

/** The most recently active conversations, newest first. */
export async function listConversations(
  tx: TransactionSql,
  limit = 50,
): Promise<ConversationListEntry[]> {
  const rows = await tx<
    {
      id: string;
      turns: number;
      last_intent: string | null;
      handed_off_at: Date | null;
      updated_at: Date;
      opening: string | null;
    }[]
  >`
    select id, turns, last_intent, handed_off_at, updated_at,
      (select left(m ->> 'content', 140) from jsonb_array_elements(messages) m
       where m ->> 'role' = 'user' limit 1) as opening
    from public.assistant_conversations
    order by updated_at desc, id
    limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    turns: r.turns,
    lastIntent: r.last_intent,
    handedOffAt: iso(r.handed_off_at),
    updatedAt: iso(r.updated_at)!,
    opening: r.opening ?? "",
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One conversation the caller may read, or null. */
export async function getConversation(
  tx: TransactionSql,
  id: string,
): Promise<ConversationDetail | null> {
  if (!UUID.test(id)) return null;
  const [r] = await tx<
    {
      id: string;
      turns: number;
      last_intent: string | null;
      handed_off_at: Date | null;
      created_at: Date;
      updated_at: Date;
      expires_at: Date;
      messages: ConversationDetail["messages"];
      inbox: string | null;
    }[]
  >`
    select c.id, c.turns, c.last_intent, c.handed_off_at, c.created_at,
      c.updated_at, c.expires_at, c.messages,
      (select m.id from public.contact_messages m
       where m.conversation_id = c.id order by m.created_at limit 1) as inbox
    from public.assistant_conversations c where c.id = ${id}::uuid`;
  if (!r) return null;
  return {
    id: r.id,
    turns: r.turns,
    lastIntent: r.last_intent,
    handedOffAt: iso(r.handed_off_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    expiresAt: iso(r.expires_at)!,
    messages: r.messages,
    inboxMessageId: r.inbox,
  };
}
