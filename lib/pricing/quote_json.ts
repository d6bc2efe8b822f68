/**
 * The `POST /api/quote` answer written directly as JSON text: the value of
 * `JSON.stringify(answer)`, without the generic serializer's walk over every
 * property of objects whose shape is known (ADR 0057), and in ASCII: every
 * character past U+007E is written as a `\uXXXX` escape (ADR 0059).
 *
 * @module
 */
import type { QuoteLine } from "./quote.ts";
import type { QuoteAnswer } from "./service.ts";
import type { LocationOption } from "../bookings/catalog.ts";

/** A unit past U+007E (JSON.stringify has escaped those below U+0020). */
const PAST_ASCII = /[\u007f-\uffff]/;

/**
 * A string (code, label, name) as a JSON string in ASCII: the real escaper,
 * then each UTF-16 unit past U+007E as `\uXXXX` (a pair as two escapes, as
 * JSON allows). Built from char codes so that V8 keeps the answer a one-byte
 * string: one `–` in a label made the whole answer two-byte, which the
 * runtime then converts to UTF-8 unit by unit (ADR 0059). Replacing within the
 * two-byte text would keep it two-byte (ADR 0055).
 */
function text(s: string): string {
  const json = JSON.stringify(s);
  if (!PAST_ASCII.test(json)) return json;
  let out = "";
  for (let i = 0; i < json.length; i++) {
    const unit = json.charCodeAt(i);
    out += unit < 0x7f
      ? String.fromCharCode(unit)
      : "\\u" + unit.toString(16).padStart(4, "0");
  }
  return out;
}

function lineJson(l: QuoteLine): string {
  return `{"code":${text(l.code)},"label":${
    text(l.label)
  },"quantity":${l.quantity},"unitCents":${l.unitCents},"totalCents":${l.totalCents}}`;
}

function optionJson(o: LocationOption): string {
  return `{"slug":${text(o.slug)},"name":${
    text(o.name)
  },"travelMiles":${o.travelMiles}}`;
}

function listJson<T>(items: readonly T[], one: (item: T) => string): string {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    out += i === 0 ? one(items[i]) : "," + one(items[i]);
  }
  return out;
}

/**
 * `JSON.stringify(answer)` with characters past U+007E escaped: every amount
 * is an integer number of cents or miles, so numbers print the same either
 * way (a property test compares the two over random quotes).
 */
export function quoteAnswerJson(answer: QuoteAnswer): string {
  const a = answer;
  return `{"currency":${text(a.currency)},"lines":[${
    listJson(a.lines, lineJson)
  }],"foodSubtotalCents":${a.foodSubtotalCents},"minimumAdjustmentCents":${a.minimumAdjustmentCents},"travelMiles":${a.travelMiles},"travelFeeCents":${a.travelFeeCents},"taxCents":${a.taxCents},"gratuityCents":${a.gratuityCents},"totalCents":${a.totalCents},"depositCents":${a.depositCents},"balanceDueCents":${a.balanceDueCents},"serviceable":${a.serviceable},"location":${
    optionJson(a.location)
  },"locations":[${listJson(a.locations, optionJson)}]}`;
}
