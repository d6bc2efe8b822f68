/**
 * The dev mailbox: an in-memory ring buffer of sent mail, newest first.
 *
 * @module
 */
import type { Mailer, MailMessage } from "../../lib/mail/types.ts";

/** A delivered message as `/_dev/mailbox.json` shows it. */
export interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Attached files (e.g. the `.ics` of a confirmed booking), text content. */
  attachments: { filename: string; contentType: string; content: string }[];
  /** Every http(s) link found in the message, in order, without duplicates. */
  links: string[];
  /** ISO 8601 time of delivery. */
  sentAt: string;
}

/** A {@link Mailer} that keeps the last `capacity` messages in memory. */
export class Mailbox implements Mailer {
  #entries: MailboxEntry[] = [];
  readonly capacity: number;
  readonly #now: () => Date;

  /** `capacity` bounds memory: older mail falls off the end. */
  constructor(options: { capacity?: number; now?: () => Date } = {}) {
    this.capacity = Math.max(1, options.capacity ?? 200);
    this.#now = options.now ?? (() => new Date());
  }

  /** Stores the message; never fails. */
  send(message: MailMessage): Promise<void> {
    const html = message.html ?? "";
    this.#entries.unshift({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      links: extractLinks(html, message.text),
      sentAt: this.#now().toISOString(),
    });
    if (this.#entries.length > this.capacity) {
      this.#entries.length = this.capacity;
    }
    return Promise.resolve();
  }

  /** Messages newest first, optionally only those sent to `to` (case-insensitive). */
  list(to?: string): MailboxEntry[] {
    const wanted = to?.trim().toLowerCase();
    const entries = wanted
      ? this.#entries.filter((e) => e.to.toLowerCase() === wanted)
      : this.#entries;
    return entries.map((e) => ({
      ...e,
      links: [...e.links],
      attachments: e.attachments.map((a) => ({ ...a })),
    }));
  }

  /** Empties the mailbox. */
  clear(): void {
    this.#entries = [];
  }
}

const HREF = /href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const BARE_URL = /https?:\/\/[^\s<>"')]+/g;

/**
 * Finds the links a reader could follow. HTML hrefs come first because they
 * carry the exact URL (entity-decoded); bare URLs in the text add the rest.
 */
export function extractLinks(html: string, text: string): string[] {
  const links: string[] = [];
  const add = (url: string) => {
    if (/^https?:\/\//i.test(url) && !links.includes(url)) links.push(url);
  };
  for (const match of html.matchAll(HREF)) {
    add(decodeEntities(match[1] ?? match[2] ?? ""));
  }
  for (const match of text.matchAll(BARE_URL)) add(match[0]);
  return links;
}

function decodeEntities(value: string): string {
  return value
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
}
