/**
 * The staff inbox (issue 11, SPEC §4 `/admin/inbox`): contact messages for
 * managers and admins — list (open, mine, handled, all), assign, reply by
 * e-mail through the outbox, mark handled or reopen. The writes are the
 * `app.inbox_*` functions (migration 20261216100300), each audited; the
 * reads run under the caller's RLS.
 *
 * @module
 */
import { z } from "zod";
import type { Claims, Db, Queryable, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { dbRefusal, fromDbError, StaffError } from "../staff/errors.ts";

/** Which messages to list. */
export const INBOX_VIEWS = ["open", "mine", "handled", "all"] as const;

/** `GET /api/staff/inbox` query. */
export const inboxQuerySchema = z.strictObject({
  view: z.enum(INBOX_VIEWS).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `POST /api/staff/inbox/{id}/assign` body. */
export const assignBodySchema = z.strictObject({
  /** A manager's or admin's user id; null unassigns. */
  assigneeId: z.uuid().nullable(),
});

/** `POST /api/staff/inbox/{id}/reply` body. */
export const replyBodySchema = z.strictObject({
  body: z.string().trim().min(1).max(5000),
});

/** `POST /api/staff/inbox/{id}/handled` body. */
export const handledBodySchema = z.strictObject({
  handled: z.boolean(),
});

/** A reply sent to the sender. */
export interface InboxReply {
  id: string;
  body: string;
  at: string;
  authorName: string | null;
}

/** One contact message in the inbox. */
export interface InboxMessage {
  id: string;
  name: string;
  /** Null for an assistant handoff whose visitor left no address. */
  email: string | null;
  phone: string | null;
  topic: string | null;
  message: string;
  eventDate: string | null;
  guests: number | null;
  at: string;
  assignedTo: string | null;
  assignedName: string | null;
  handledAt: string | null;
  handledName: string | null;
  replies: InboxReply[];
}

/** The inbox: messages and who they can be assigned to. */
export interface InboxPage {
  items: InboxMessage[];
  /** Open messages (the badge). */
  openCount: number;
  assignees: { userId: string; name: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Maps the inbox SQL errors (migration header) to StaffErrors. */
export function inboxError(err: unknown): StaffError | null {
  if (err instanceof StaffError) return err;
  const e = dbRefusal(err);
  if (!e) return null;
  const { constraint, message } = e;
  switch (constraint) {
    case "inbox_staff_only":
      return new StaffError(403, ERROR_CODES.FORBIDDEN, message);
    case "contact_message_exists":
      return new StaffError(404, ERROR_CODES.NOT_FOUND, "No such message.");
    case "contact_assignee":
      return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
        { path: "assigneeId", message },
      ]);
    case "contact_reply_body":
      return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
        { path: "body", message },
      ]);
  }
  return fromDbError(err);
}

function requireStaff(role: string): void {
  if (role !== "manager" && role !== "admin") {
    throw new StaffError(
      403,
      ERROR_CODES.FORBIDDEN,
      "The inbox is for managers and admins.",
    );
  }
}

async function run<T>(
  db: Db,
  claims: Claims,
  fn: (tx: TransactionSql) => Promise<T>,
  readOnly = false,
): Promise<T> {
  try {
    return await withClaims(db, claims, fn, { readOnly });
  } catch (err) {
    const mapped = inboxError(err);
    if (mapped) throw mapped;
    throw err;
  }
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

/** Messages of a view, newest first, with their replies. */
export async function listInbox(
  db: Db,
  claims: Claims & { sub?: string },
  role: string,
  q: z.output<typeof inboxQuerySchema>,
): Promise<InboxPage> {
  requireStaff(role);
  return await run(db, claims, async (tx) => {
    const filter = q.view === "open"
      ? tx`m.handled_at is null`
      : q.view === "mine"
      ? tx`m.handled_at is null and m.assigned_to = auth.uid()`
      : q.view === "handled"
      ? tx`m.handled_at is not null`
      : tx`true`;
    const rows = await tx<
      {
        id: string;
        name: string;
        email: string | null;
        phone: string | null;
        topic: string | null;
        message: string;
        event_date: string | null;
        guests: number | null;
        created_at: Date;
        assigned_to: string | null;
        assigned_name: string | null;
        handled_at: Date | null;
        handled_name: string | null;
        replies: {
          id: string;
          body: string;
          created_at: string;
          author_name: string | null;
        }[];
      }[]
    >`
      select m.id, m.name, m.email::text as email, m.phone, m.topic, m.message,
        m.event_date, m.guests, m.created_at, m.assigned_to,
        a.full_name as assigned_name, m.handled_at, h.full_name as handled_name,
        coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'body', r.body,
            'created_at', r.created_at, 'author_name', rs.full_name) order by r.created_at)
          from public.contact_replies r
          left join public.staff rs on rs.user_id = r.author_id
          where r.message_id = m.id), '[]') as replies
      from public.contact_messages m
      left join public.staff a on a.user_id = m.assigned_to
      left join public.staff h on h.user_id = m.handled_by
      where ${filter}
      order by m.created_at desc, m.id
      limit ${q.limit}`;
    const open = await openInboxCount(tx);
    const assignees = await tx<{ userId: string; name: string }[]>`
      select user_id as "userId", full_name as name from public.staff
      where active and role in ('manager', 'admin') order by full_name`;
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        phone: r.phone,
        topic: r.topic,
        message: r.message,
        eventDate: r.event_date,
        guests: r.guests,
        at: iso(r.created_at)!,
        assignedTo: r.assigned_to,
        assignedName: r.assigned_name,
        handledAt: iso(r.handled_at),
        handledName: r.handled_name,
        replies: r.replies.map((x) => ({
          id: x.id,
          body: x.body,
          at: iso(x.created_at)!,
          authorName: x.author_name,
        })),
      })),
      openCount: open,
      assignees,
    };
  }, true);
}

/**
 * Open messages the caller may read (the badge); 0 for a caller RLS shows
 * none (chefs).
 */
export async function openInboxCount(tx: TransactionSql): Promise<number> {
  const [{ open }] = await openInboxQuery(tx);
  return open;
}

/**
 * The query of {@link openInboxCount}, not yet awaited: a caller may send it
 * in one round trip with its own statements.
 */
export function openInboxQuery(tx: Queryable) {
  return tx<{ open: number }[]>`
    select count(*)::int as open from public.contact_messages where handled_at is null`;
}

function messageId(id: string): string {
  if (!UUID.test(id)) {
    throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such message.");
  }
  return id;
}

/** Assigns a message to a manager or admin (null: nobody). */
export async function assignMessage(
  db: Db,
  claims: Claims,
  id: string,
  assigneeId: string | null,
): Promise<void> {
  await run(db, claims, async (tx) => {
    await tx`select app.inbox_assign(${
      messageId(id)
    }::uuid, ${assigneeId}::uuid)`;
  });
}

/** Marks a message handled, or reopens it. */
export async function setHandled(
  db: Db,
  claims: Claims,
  id: string,
  handled: boolean,
): Promise<void> {
  await run(db, claims, async (tx) => {
    await tx`select app.inbox_set_handled(${messageId(id)}::uuid, ${handled})`;
  });
}

/**
 * Replies to the sender by e-mail: the mail is queued in the outbox in the
 * same transaction (the caller wakes the worker), the reply is recorded and
 * the message counts as handled.
 */
export async function replyToMessage(
  db: Db,
  claims: Claims,
  id: string,
  body: string,
): Promise<InboxReply> {
  return await run(db, claims, async (tx) => {
    const [r] = await tx<
      {
        id: string;
        body: string;
        created_at: Date;
        author_name: string | null;
      }[]
    >`
      select r.id, r.body, r.created_at,
        (select s.full_name from public.staff s where s.user_id = r.author_id) as author_name
      from app.inbox_reply(${messageId(id)}::uuid, ${body}) r`;
    return {
      id: r.id,
      body: r.body,
      at: iso(r.created_at)!,
      authorName: r.author_name,
    };
  });
}
