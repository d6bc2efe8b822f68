/**
 * Reply templates of the offline planner. Every number they write comes from
 * a tool result of the turn (or echoes the customer's own counts); templates
 * themselves contain no digits, so the number checker can vouch for them.
 *
 * @module
 */

import type { OfflineUnderstanding } from "./understanding.ts";
import type { Draft, PlanContext } from "./planner.ts";
import {
  formatDate,
  formatTime,
  formatUsd,
  joinList,
  plural,
} from "./format.ts";
import type { Quote } from "../pricing/mod.ts";
import type {
  AlternativeSlot,
  AvailabilityResult,
  BookingLookupResult,
  FaqHit,
  ToolCall,
} from "./types.ts";

/** Under this MiniSearch score a FAQ hit is a guess, and the reply says so. */
export const FAQ_CONFIDENT_SCORE = 6;

export const OFFER_PERSON =
  "If you'd rather talk to a person, just say so and I'll pass this to our team.";

const CAPABILITIES =
  "I can price your party, check open dates, answer questions about our service, start your booking, or connect you with a person.";

function find<N extends ToolCall["name"]>(
  done: readonly ToolCall[],
  name: N,
): Extract<ToolCall, { name: N }> | undefined {
  return done.find((c) => c.name === name) as
    | Extract<ToolCall, { name: N }>
    | undefined;
}

function draft(text: string, safeText?: string): Draft {
  return { text, safeText: safeText ?? text };
}

const SEVERE =
  /\b(?:severe|anaphyla\w*|epipen|epi-pen|life[- ]threatening|deadly|hospital)\b/i;

/** Writes the reply for the understood intent from the tool calls made. */
export function composeReply(
  ctx: PlanContext,
  u: OfflineUnderstanding,
  done: readonly ToolCall[],
): Draft {
  const failed = done.find((c) => c.error && c.name !== "get_quote");
  if (failed) {
    return draft(
      `Sorry, I couldn't look that up just now. ${OFFER_PERSON}`,
    );
  }
  const unsure = u.confidence < 0.5 && u.intent !== "unknown"
    ? ` If I got that wrong, tell me a bit more, or say "talk to a person".`
    : "";
  const lookup = find(done, "lookup_booking");
  const d = lookup?.result
    ? bookingLookupReply(lookup.result)
    : composeIntent(ctx, u, done);
  return unsure && !lookup
    ? { text: d.text + unsure, safeText: d.safeText + unsure }
    : d;
}

const STATUS_WORDS: Record<string, string> = {
  pending_deposit: "booked and waiting for its deposit",
  confirmed: "confirmed",
  cancellation_requested: "waiting for our answer to your cancellation request",
  cancelled: "cancelled",
  completed: "completed",
  no_show: "closed as a no-show",
  expired: "expired (the deposit did not arrive in time)",
};

/** What the manage link's booking looks like, from the lookup result only. */
function bookingLookupReply(r: BookingLookupResult): Draft {
  if (!r.found) {
    return draft(
      `I couldn't find a booking with that link. Please paste the whole link from your confirmation email. ${OFFER_PERSON}`,
    );
  }
  const status = STATUS_WORDS[r.status] ?? r.status.replace(/_/g, " ");
  const parts = [
    `Your booking ${r.reference} at ${r.location.name} is ${status}: ${
      formatDate(r.date)
    } at ${formatTime(r.time)}, ${plural(r.guests, "guest", "guests")}.`,
    `Paid so far ${formatUsd(r.paidCents)} of ${
      formatUsd(r.totalCents)
    }; the balance due is ${formatUsd(r.balanceDueCents)}.`,
  ];
  if (r.canReschedule || r.canRequestCancellation) {
    parts.push(
      `You can ${
        r.canReschedule && r.canRequestCancellation
          ? "reschedule or request a cancellation"
          : r.canReschedule
          ? "reschedule"
          : "request a cancellation"
      } yourself on that manage page.${
        r.canRequestCancellation
          ? r.cancellationRefundsDeposit
            ? " Cancelling now would refund your deposit."
            : " Cancelling now would not refund the deposit."
          : ""
      }`,
    );
  }
  parts.push(OFFER_PERSON);
  return draft(
    parts.join(" "),
    `I found your booking; its date, time and payments are on the manage page that link opens. ${OFFER_PERSON}`,
  );
}

function composeIntent(
  _ctx: PlanContext,
  u: OfflineUnderstanding,
  done: readonly ToolCall[],
): Draft {
  switch (u.intent) {
    case "handoff": {
      const h = find(done, "handoff");
      const contact = u.slots.email || u.slots.phone
        ? " They'll reach you at the contact details you gave."
        : " If you leave your email or phone number here, they'll reach you there.";
      return draft(
        h?.result
          ? `I've passed our conversation to our team, and a manager will get back to you soon.${contact}`
          : `I couldn't reach the team from here just now. Please use the contact page and a manager will get back to you.`,
      );
    }
    case "other_customer_data":
      return draft(
        "Sorry, I can't share anything about other customers or their bookings, and I can't look up bookings here. For your own booking, use the manage link in your confirmation email, or ask me to connect you with a person.",
      );
    case "discount":
      return draft(
        "I'm not able to offer discounts or change prices: every customer gets the same published prices, and I only quote exactly what the booking page charges. I'm happy to price your party exactly, or connect you with a person if you'd like to ask the team about a large event.",
      );
    case "small_talk":
      return draft(smallTalk(u.text));
    case "unknown":
      return draft(
        `I'm not sure I understood that. ${CAPABILITIES} Just say "talk to a person" any time.`,
      );
    case "faq":
      return faqReply(find(done, "search_faq")?.result ?? [], "");
    case "dietary": {
      const extra = SEVERE.test(u.text)
        ? ` For a severe allergy, I'd also like a person from our team to talk it through with you: just say "talk to a person".`
        : "";
      return faqReply(
        find(done, "search_faq")?.result ?? [],
        ` Add the details to the notes when you book so your chef can plan for it.${extra}`,
      );
    }
    case "reschedule_cancel":
      return faqReply(
        find(done, "search_faq")?.result ?? [],
        ` You can do this yourself from the manage link in your confirmation email; I can't see or change bookings here. ${OFFER_PERSON}`,
      );
    case "out_of_area":
      return serviceAreaReply(u, done);
    case "quote":
      return quoteReply(u, done);
    case "availability":
      return availabilityReply(u, done);
    case "booking":
      return bookingReply(u, done);
  }
}

function smallTalk(text: string): string {
  const t = text.toLowerCase();
  if (/\b(?:thank|thx|ty|cheers|appreciate)\b/.test(t)) {
    return "You're welcome! Anything else I can help with?";
  }
  if (/\b(?:bye|goodbye|see (?:ya|you)|good night|have a)\b/.test(t)) {
    return "Thanks for stopping by, and enjoy planning your party!";
  }
  if (/\b(?:bot|robot|ai|human|real|who are you|your name)\b/.test(t)) {
    return `I'm MyHibachi's automated assistant. ${CAPABILITIES}`;
  }
  if (/\bjoke\b/.test(t)) {
    return `Why did the shrimp never share? Because it was a little shellfish. ${CAPABILITIES}`;
  }
  if (
    /\b(?:ok|okay|got it|sounds good|cool|great|awesome|perfect|nice)\b/.test(t)
  ) {
    return "Great! Anything else I can help with?";
  }
  return `Hi! I'm MyHibachi's assistant. ${CAPABILITIES}`;
}

function faqReply(hits: FaqHit[], suffix: string): Draft {
  const top = hits[0];
  if (!top) {
    return draft(
      `I don't have an answer to that in our FAQ. ${OFFER_PERSON}`,
    );
  }
  if (top.score < FAQ_CONFIDENT_SCORE) {
    return draft(
      `I'm not sure I have the answer to that. The closest thing in our FAQ is "${top.question}": ${top.answer}${suffix} ${OFFER_PERSON}`,
      `I'm not sure I have the answer to that; our FAQ page has the details.${suffix} ${OFFER_PERSON}`,
    );
  }
  return draft(
    `${top.answer}${suffix}`,
    `Our FAQ page covers this under "${top.question}".${suffix}`,
  );
}

function party(args: { adults: number; children: number; under6?: number }) {
  const parts: string[] = [];
  if (args.adults) parts.push(plural(args.adults, "adult", "adults"));
  if (args.children) parts.push(plural(args.children, "child", "children"));
  if (args.under6) parts.push(`${args.under6} under six`);
  return joinList(parts);
}

function quoteText(
  body: { adults: number; children: number; under6?: number; zip: string },
  q: Quote,
  location?: { name: string },
): string {
  if (!q.serviceable) {
    return `ZIP ${body.zip} is ${
      plural(q.travelMiles, "mile", "miles")
    } from our nearest base, which is outside our service area, so it can't be booked online. ${OFFER_PERSON}`;
  }
  const lines = q.lines
    .filter((l) => l.code !== "tax" && l.code !== "gratuity")
    .map((l) =>
      l.code === "minimum_adjustment" || l.code === "travel"
        ? `${l.label}: ${formatUsd(l.totalCents)}`
        : `${l.label}: ${l.quantity} × ${formatUsd(l.unitCents)} = ${
          formatUsd(l.totalCents)
        }`
    );
  const tax = q.lines.find((l) => l.code === "tax");
  const tip = q.lines.find((l) => l.code === "gratuity");
  if (tax) lines.push(`${tax.label}: ${formatUsd(tax.totalCents)}`);
  if (tip) lines.push(`${tip.label}: ${formatUsd(tip.totalCents)}`);
  const from = location ? ` (served from ${location.name})` : "";
  const travel = q.travelFeeCents === 0 ? " No travel fee applies." : "";
  return `Here's your quote for ${party(body)} in ZIP ${body.zip}${from}: ${
    formatUsd(q.totalCents)
  } in total.\n${lines.map((l) => `• ${l}`).join("\n")}\n${travel.trim()}${
    travel ? " " : ""
  }A ${
    formatUsd(q.depositCents)
  } deposit confirms the date and is credited to your bill; the balance of ${
    formatUsd(q.balanceDueCents)
  } is due at the event.${
    tip ? "" : " Gratuity is optional and not included."
  } Want me to check a date or start your booking?`;
}

function quoteReply(u: OfflineUnderstanding, done: readonly ToolCall[]): Draft {
  const call = find(done, "get_quote");
  if (!call) {
    const missing: string[] = [];
    const s = u.slots;
    if ((s.guests.adults ?? 0) + (s.guests.children ?? 0) === 0) {
      missing.push(
        "how many adults, children and kids under six are coming",
      );
    }
    if (!s.zip) missing.push("the ZIP code of the event");
    const ask = `To price your party exactly, tell me ${joinList(missing)}.`;
    const faq = find(done, "search_faq")?.result?.[0];
    return draft(
      faq ? `${faq.answer} ${ask}` : ask,
      ask,
    );
  }
  if (call.error || !call.result) {
    const issues = call.error?.issues ?? [];
    const size = issues.find((i) => i.path === "adults");
    const zip = issues.find((i) => i.path === "zip");
    let text: string;
    if (size) {
      text =
        `I can't price that party online: ${size.message}. For a bigger event our team can plan a custom quote. ${OFFER_PERSON}`;
    } else if (zip) {
      text = `I couldn't price that: the ZIP code ${
        zip.message.replace(/^must be/, "should be")
      }. Could you check it?`;
    } else {
      text = `I couldn't price that combination (${
        issues.map((i) => i.message).join("; ")
      }). Could you rephrase the menu, or ${OFFER_PERSON[0].toLowerCase()}${
        OFFER_PERSON.slice(1)
      }`;
    }
    return draft(
      text,
      `I couldn't price that party as described. ${OFFER_PERSON}`,
    );
  }
  const r = call.result;
  if (!r.ok) {
    const zip = r.issues.find((i) => i.path === "zip");
    return draft(
      zip
        ? `I couldn't find ZIP ${call.args.zip}. Could you check it?`
        : `I couldn't price that (${
          r.issues.map((i) => i.message).join("; ")
        }). ${OFFER_PERSON}`,
      `I couldn't price that as described. ${OFFER_PERSON}`,
    );
  }
  let text = quoteText(call.args, r.quote, r.location);
  const avail = find(done, "check_availability");
  if (avail?.result) text += `\n${availabilityText(avail.result)}`;
  return draft(
    text,
    `I've prepared your quote: the full breakdown is shown with this message. ${OFFER_PERSON}`,
  );
}

function slotText(a: AlternativeSlot, primary: string): string {
  const where = a.location.name === primary ? "" : ` in ${a.location.name}`;
  return `${formatDate(a.date)} at ${formatTime(a.time)}${where}`;
}

function availabilityText(r: AvailabilityResult): string {
  const at = ` (our ${r.location.name} team)`;
  if (r.requested) {
    const req = r.requested;
    const when = req.time
      ? `${formatDate(req.date)} at ${formatTime(req.time)}`
      : formatDate(req.date);
    if (req.available > 0) {
      const day = r.dates.find((d) => d.date === req.date);
      const others = (day?.slots ?? []).filter((s) =>
        s.available > 0 && s.time !== req.time
      ).map((s) => formatTime(s.time));
      const free = req.time
        ? `${when} is open${at}.`
        : `${when} has open start times${at}: ${
          joinList(
            (day?.slots ?? []).filter((s) => s.available > 0).map((s) =>
              formatTime(s.time)
            ),
          )
        }.`;
      const also = req.time && others.length > 0
        ? ` Other open times that day: ${joinList(others)}.`
        : "";
      return `Good news: ${free}${also}`;
    }
    const alts = r.alternatives.map((a) => slotText(a, r.location.name));
    return `Sorry, ${when} isn't available${at}.${
      alts.length > 0
        ? ` The nearest open options: ${joinList(alts)}.`
        : " I couldn't find an open slot nearby."
    }`;
  }
  const open = r.dates.map((d) => ({
    date: d.date,
    times: d.slots.filter((s) => s.available > 0).map((s) => s.time),
  })).filter((d) => d.times.length > 0);
  if (open.length === 0) {
    const alts = r.alternatives.map((a) => slotText(a, r.location.name));
    return `Sorry, nothing is open from ${formatDate(r.dates[0].date)} to ${
      formatDate(r.dates.at(-1)!.date)
    }${at}.${
      alts.length > 0 ? ` The nearest open options: ${joinList(alts)}.` : ""
    }`;
  }
  const shown = open.slice(0, 5).map((d) =>
    `${formatDate(d.date)}: ${joinList(d.times.map(formatTime))}`
  );
  const more = open.length > shown.length ? " (and more later on)" : "";
  return `Open start times${at}:\n${shown.map((s) => `• ${s}`).join("\n")}${
    more ? `\n${more.trim()}` : ""
  }`;
}

function availabilityReply(
  u: OfflineUnderstanding,
  done: readonly ToolCall[],
): Draft {
  const call = find(done, "check_availability");
  if (!call?.result) {
    return draft(
      `I couldn't check the calendar for that. Which date would you like?`,
    );
  }
  let text = availabilityText(call.result);
  const lead = find(done, "search_faq")?.result?.[0];
  if (lead) text += `\n${lead.answer}`;
  const q = find(done, "get_quote");
  if (q?.result?.ok) {
    text += `\n${quoteText(q.args, q.result.quote, q.result.location)}`;
  } else {
    text += "\nWant me to start a booking?";
  }
  void u;
  return draft(
    text,
    `I've checked the calendar: the open times are shown with this message. ${OFFER_PERSON}`,
  );
}

function bookingReply(
  u: OfflineUnderstanding,
  done: readonly ToolCall[],
): Draft {
  const call = find(done, "start_booking");
  const avail = find(done, "check_availability");
  const pre = avail?.result ? `${availabilityText(avail.result)}\n` : "";
  if (!call?.result) {
    return draft(
      `${pre}I couldn't open the booking form from here. ${OFFER_PERSON}`,
    );
  }
  const p = call.args;
  const known: string[] = [];
  if ((p.adults ?? 0) + (p.children ?? 0) > 0) {
    known.push(
      party({
        adults: p.adults ?? 0,
        children: p.children ?? 0,
        under6: p.under6,
      }),
    );
  }
  if (p.zip) known.push(`ZIP ${p.zip}`);
  if (p.date) {
    known.push(
      p.time
        ? `${formatDate(p.date)} at ${formatTime(p.time)}`
        : formatDate(p.date),
    );
  }
  const filled = known.length > 0
    ? ` It's prefilled with ${joinList(known)}.`
    : "";
  void u;
  return draft(
    `${pre}Here's your booking form.${filled} You'll choose everyone's proteins, enter the address and pay the deposit to confirm.`,
    `Here's your booking form, prefilled with what you told me. You'll choose everyone's proteins, enter the address and pay the deposit to confirm.`,
  );
}

function serviceAreaReply(
  u: OfflineUnderstanding,
  done: readonly ToolCall[],
): Draft {
  const call = find(done, "check_service_area");
  if (!call) {
    const faq = find(done, "search_faq")?.result?.[0];
    const ask = "Tell me the ZIP code of the event and I'll check it for you.";
    return draft(faq ? `${faq.answer} ${ask}` : ask, ask);
  }
  const r = call.result!;
  if (!r.known) {
    return draft(`I couldn't find ZIP ${r.zip}. Could you check it?`);
  }
  const place = r.place ? ` (${r.place})` : "";
  if (!r.serviceable) {
    return draft(
      `Sorry, ZIP ${r.zip}${place} is ${
        plural(r.travelMiles ?? 0, "mile", "miles")
      } from our nearest base, outside our service area. ${OFFER_PERSON}`,
      `Sorry, that ZIP is outside our service area. ${OFFER_PERSON}`,
    );
  }
  const fee = (r.travelFeeCents ?? 0) > 0
    ? `a travel fee of ${formatUsd(r.travelFeeCents!)}`
    : "no travel fee";
  void u;
  return draft(
    `Yes, we serve ZIP ${r.zip}${place}: it's ${
      plural(r.travelMiles ?? 0, "mile", "miles")
    } from our ${
      r.location?.name ?? "nearest"
    } base, so there's ${fee}. Want a quote or to check a date?`,
    `Yes, we serve that ZIP. Want a quote or to check a date?`,
  );
}
