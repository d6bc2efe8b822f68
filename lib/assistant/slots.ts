/**
 * What the conversation has told us so far: each customer message is read
 * with the extractors, newer facts override older ones.
 *
 * @module
 */

import type { MenuItem } from "../pricing/types.ts";
import { type DateWish, extractDateWish } from "./extract/dates.ts";
import { extractGuests, type GuestCounts } from "./extract/guests.ts";
import { extractMenu, type MenuMention } from "./extract/menu.ts";
import { extractZip } from "./extract/zip.ts";
import {
  extractManageLink,
  MANAGE_LINK,
  type ManageLink,
} from "./extract/manage_link.ts";

/** Facts read from one message. */
export interface MessageSlots {
  guests: GuestCounts;
  zip?: string;
  when: DateWish;
  menu: MenuMention[];
  gratuityPercent?: number;
  email?: string;
  phone?: string;
  /** A booking's manage link (reference and token). */
  manage?: ManageLink;
}

/** Facts of the whole conversation. */
export interface ConversationSlots {
  guests: GuestCounts;
  zip?: string;
  when: DateWish;
  /** Included-protein choices of the latest message that named any. */
  proteins: MenuMention[];
  extraProteins: MenuMention[];
  addons: MenuMention[];
  gratuityPercent?: number;
  email?: string;
  phone?: string;
  manage?: ManageLink;
}

/** What the extractors need besides the text. */
export interface ExtractContext {
  now: Date;
  timeZone: string;
  slotTimes: readonly string[];
  menu: readonly MenuItem[];
}

const GRATUITY =
  /\b(\d{1,2})\s*(?:%|percent)\s*(?:tip|gratuity)|\b(?:tip|gratuity)\s+(?:of\s+)?(\d{1,2})\s*(?:%|percent)/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE = /(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/;

/** Reads one message. */
export function readMessage(raw: string, ctx: ExtractContext): MessageSlots {
  // A manage link's reference and token are not counts or dates either.
  const manage = extractManageLink(raw);
  const text = raw.replace(MANAGE_LINK, " ");
  // Contact details and money are not counts: keep them away from the guest reader.
  const email = EMAIL.exec(text)?.[0];
  const phone = PHONE.exec(text)?.[0];
  const clean = text.replace(EMAIL, " ").replace(PHONE, " ")
    .replace(/\$\s?\d[\d,]*(?:\.\d+)?/g, " ");
  const g = GRATUITY.exec(clean);
  const out: MessageSlots = {
    guests: extractGuests(clean.replace(GRATUITY, " ")),
    zip: extractZip(clean),
    when: extractDateWish(clean, ctx.now, ctx.timeZone, ctx.slotTimes),
    menu: extractMenu(clean, ctx.menu),
  };
  if (g) out.gratuityPercent = Number(g[1] ?? g[2]);
  if (email) out.email = email;
  if (phone) out.phone = phone;
  if (manage) out.manage = manage;
  if (!out.zip) delete out.zip;
  return out;
}

/** An empty conversation. */
export function emptySlots(): ConversationSlots {
  return {
    guests: {},
    when: {},
    proteins: [],
    extraProteins: [],
    addons: [],
  };
}

/** Folds one message's facts into the conversation's (newer wins). */
export function mergeSlots(
  into: ConversationSlots,
  m: MessageSlots,
): ConversationSlots {
  const out: ConversationSlots = {
    ...into,
    guests: { ...into.guests, ...m.guests },
    when: { ...into.when },
  };
  if (m.zip) out.zip = m.zip;
  if (m.when.date || m.when.from) {
    out.when = { ...m.when };
  } else if (m.when.time) out.when.time = m.when.time;
  const proteins = m.menu.filter((x) => x.kind === "protein" && !x.extra);
  if (proteins.length > 0) out.proteins = proteins;
  const byCode = (list: MenuMention[], add: MenuMention[]) => {
    const map = new Map(list.map((x) => [x.code, x]));
    for (const x of add) map.set(x.code, x);
    return [...map.values()];
  };
  out.extraProteins = byCode(
    into.extraProteins,
    m.menu.filter((x) => x.kind === "protein" && x.extra),
  );
  out.addons = byCode(into.addons, m.menu.filter((x) => x.kind === "addon"));
  if (m.gratuityPercent !== undefined) out.gratuityPercent = m.gratuityPercent;
  if (m.email) out.email = m.email;
  if (m.phone) out.phone = m.phone;
  if (m.manage) out.manage = m.manage;
  return out;
}

/** True when the message said anything the slots hold. */
export function hasFacts(m: MessageSlots): boolean {
  return Object.keys(m.guests).length > 0 || !!m.zip || !!m.when.date ||
    !!m.when.from || m.menu.length > 0;
}
