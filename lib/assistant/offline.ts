/**
 * The offline planner: intent rules and slot extractors decide which tools to
 * call; reply templates write the answer from the tool results only. Works
 * with no model and no key.
 *
 * @module
 */

import { addDays, daysBetween } from "../booking_window/dates.ts";
import { localDateOf } from "../booking_window/zone.ts";
import { MAX_AVAILABILITY_DAYS } from "../schemas/availability.ts";
import { composeReply } from "./compose.ts";
import { classifyIntent } from "./intent.ts";
import type { Draft, PlanContext, PlannedCall, Planner } from "./planner.ts";
import { prefillOf, quoteBodyOf } from "./quote_body.ts";
import {
  type ConversationSlots,
  emptySlots,
  type ExtractContext,
  hasFacts,
  mergeSlots,
  type MessageSlots,
  readMessage,
} from "./slots.ts";
import type { AvailabilityArgs, Intent, ToolCall } from "./types.ts";
import type { OfflineUnderstanding } from "./understanding.ts";

const CARRY: ReadonlySet<Intent> = new Set([
  "quote",
  "availability",
  "booking",
  "out_of_area",
]);

function extractContext(ctx: PlanContext): ExtractContext {
  return {
    now: ctx.now,
    timeZone: ctx.timeZone,
    slotTimes: ctx.catalog.settings.slotTimes,
    menu: ctx.catalog.menu,
  };
}

function factsOf(m: MessageSlots) {
  return {
    hasGuests: Object.keys(m.guests).length > 0,
    hasZip: !!m.zip,
    hasDate: !!(m.when.date || m.when.from),
    hasMenu: m.menu.length > 0,
  };
}

/** The availability query for the conversation's date wish (default: the next two weeks). */
export function availabilityArgsOf(
  slots: ConversationSlots,
  today: string,
): AvailabilityArgs {
  const w = slots.when;
  let args: AvailabilityArgs;
  if (w.date && !w.from) {
    args = { from: w.date, to: w.date };
    if (w.time) args.time = w.time;
  } else if (w.from && w.to) {
    const last = addDays(w.from, MAX_AVAILABILITY_DAYS - 1);
    args = { from: w.from, to: w.to < last ? w.to : last };
    if (w.time) args.time = w.time;
  } else {
    args = { from: today, to: addDays(today, 13) };
    if (w.time) args.time = w.time;
  }
  if (slots.zip) args.zip = slots.zip;
  return args;
}

const has = (done: readonly ToolCall[], name: ToolCall["name"]) =>
  done.some((c) => c.name === name);

/** The rule-based planner (see module doc). */
export class OfflinePlanner implements Planner<OfflineUnderstanding> {
  readonly name = "offline";

  understand(ctx: PlanContext): OfflineUnderstanding {
    const ex = extractContext(ctx);
    const users = [...ctx.dropped, ...ctx.messages].filter((m) =>
      m.role === "user"
    );
    let slots = emptySlots();
    let latest: MessageSlots = readMessage("", ex);
    for (const m of users) {
      latest = readMessage(m.content, ex);
      slots = mergeSlots(slots, latest);
    }
    const text = users.at(-1)?.content ?? "";
    const classification = classifyIntent(text, factsOf(latest));
    let intent = classification.intent;
    let confidence = classification.confidence;
    let carried = false;
    const weak = intent === "unknown" ||
      (intent === "faq" && (classification.scores[0]?.[1] ?? 0) <= 1) ||
      (intent === "small_talk" && hasFacts(latest));
    if (weak && hasFacts(latest)) {
      // "12 adults, 95123" after "how much would it be?" continues that question.
      for (let i = users.length - 2; i >= 0; i--) {
        const prev = readMessage(users[i].content, ex);
        const c = classifyIntent(users[i].content, factsOf(prev));
        if (CARRY.has(c.intent)) {
          intent = c.intent;
          confidence = Math.max(0.6, c.confidence);
          carried = true;
          break;
        }
      }
      if (!carried) {
        const f = factsOf(latest);
        intent = f.hasGuests || f.hasMenu
          ? "quote"
          : f.hasDate
          ? "availability"
          : "out_of_area";
        confidence = 0.5;
      }
    }
    return {
      intent,
      confidence,
      slots,
      latest,
      classification,
      text,
      today: localDateOf(ctx.now, ctx.timeZone),
      carried,
    };
  }

  next(
    ctx: PlanContext,
    u: OfflineUnderstanding,
    done: readonly ToolCall[],
  ): PlannedCall | null {
    const { settings, menu } = ctx.catalog;
    const s = u.slots;
    const hasDate = !!(s.when.date || s.when.from);
    const faq = (query: string): PlannedCall | null =>
      has(done, "search_faq") ? null : { name: "search_faq", args: { query } };
    // A manage link in the latest message: the answer is that booking (its
    // holder sees the same on the manage page), not a general one.
    if (u.latest.manage && u.intent !== "handoff") {
      return has(done, "lookup_booking")
        ? null
        : { name: "lookup_booking", args: { ...u.latest.manage } };
    }
    switch (u.intent) {
      case "handoff":
        if (has(done, "handoff")) return null;
        return {
          name: "handoff",
          args: {
            reason: "The customer asked for a person.",
            transcript: [...ctx.dropped, ...ctx.messages],
            ...(s.email || s.phone
              ? {
                contact: {
                  ...(s.email ? { email: s.email } : {}),
                  ...(s.phone ? { phone: s.phone } : {}),
                },
              }
              : {}),
          },
        };
      case "faq":
        return faq(u.text);
      case "dietary":
        return faq(`allergies dietary needs ${u.text}`);
      case "reschedule_cancel":
        return faq(u.text);
      case "out_of_area":
        if (s.zip) {
          return has(done, "check_service_area")
            ? null
            : { name: "check_service_area", args: { zip: s.zip } };
        }
        return faq("travel fee miles service area");
      case "quote": {
        const body = quoteBodyOf(s, settings, menu);
        if (!body) return faq("how much does it cost per person");
        if (!has(done, "get_quote")) return { name: "get_quote", args: body };
        if (
          u.classification.alsoAvailability && hasDate &&
          !has(done, "check_availability")
        ) {
          return {
            name: "check_availability",
            args: availabilityArgsOf(s, u.today),
          };
        }
        return null;
      }
      case "availability": {
        if (!has(done, "check_availability")) {
          return {
            name: "check_availability",
            args: availabilityArgsOf(s, u.today),
          };
        }
        const asked = availabilityArgsOf(s, u.today);
        const soon = hasDate &&
          daysBetween(u.today, asked.from) * 24 < settings.minLeadHours;
        if (soon) {
          const next = faq("how far in advance do I need to book");
          if (next) return next;
        }
        const body = quoteBodyOf(s, settings, menu);
        if (u.classification.alsoPrice && body && !has(done, "get_quote")) {
          return { name: "get_quote", args: body };
        }
        return null;
      }
      case "booking": {
        if (hasDate && !has(done, "check_availability")) {
          return {
            name: "check_availability",
            args: availabilityArgsOf(s, u.today),
          };
        }
        if (has(done, "start_booking")) return null;
        const slot = freeAskedSlot(done);
        return {
          name: "start_booking",
          args: prefillOf(s, settings, menu, slot),
        };
      }
      default:
        return null;
    }
  }

  compose(
    ctx: PlanContext,
    u: OfflineUnderstanding,
    done: readonly ToolCall[],
  ): Draft {
    return composeReply(ctx, u, done);
  }
}

/** The asked date (and time) when the availability check found it free. */
function freeAskedSlot(
  done: readonly ToolCall[],
): { date: string; time?: string } | undefined {
  const call = done.find((c) => c.name === "check_availability");
  if (call?.name !== "check_availability" || !call.result?.requested) {
    return undefined;
  }
  const r = call.result.requested;
  if (r.available <= 0) return undefined;
  return r.time ? { date: r.date, time: r.time } : { date: r.date };
}
