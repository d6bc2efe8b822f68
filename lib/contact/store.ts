/**
 * Storing a validated contact message. The visitor runs as `anon`, which may
 * not touch `contact_messages` directly: `app.submit_contact_message` inserts
 * the row and queues one `contact_message` notification per active manager
 * and admin in the outbox, in the same transaction.
 *
 * @module
 */
import { type Db, withClaims } from "../db/mod.ts";
import type { ContactMessage } from "./form.ts";

/** What is stored beside the message itself. */
export interface ContactMeta {
  /** {@link hashIp} of the sender's IP. */
  ipHash: string | null;
  /** Routing code such as `large_event`; none from the current form. */
  topic?: string | null;
}

/**
 * Stores `message` as an anonymous visitor and returns the new message id.
 * Throws when the database refuses or is unreachable; the caller decides
 * what the visitor sees.
 */
export async function submitContactMessage(
  db: Db,
  message: ContactMessage,
  meta: ContactMeta,
): Promise<string> {
  return await withClaims(db, null, async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      select app.submit_contact_message(
        ${message.name}, ${message.email}, ${message.phone ?? null},
        ${meta.topic ?? null}, ${message.message},
        ${message.eventDate ?? null}::date, ${message.guests ?? null}::integer,
        ${meta.ipHash}
      ) as id`;
    return row.id;
  });
}
