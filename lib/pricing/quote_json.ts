/**
 * The `POST /api/quote` answer written directly as JSON text: the same
 * characters as `JSON.stringify(answer)`, without the generic serializer's
 * walk over every property of objects whose shape is known (ADR 0057).
 *
 * @module
 */
import type { QuoteLine } from "./quote.ts";
import type { QuoteAnswer } from "./service.ts";
import type { LocationOption } from "../bookings/catalog.ts";

/** Strings (codes, labels, names) go through the real escaper. */
const text = JSON.stringify;

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
 * `JSON.stringify(answer)`, character for character: every amount is an
 * integer number of cents or miles, so numbers print the same either way
 * (a property test compares the two over random quotes).
 */
export function quoteAnswerJson(answer: QuoteAnswer): string {
  const a = answer;
  return `{"currency":${text(a.currency)},"lines":[${
    listJson(a.lines, lineJson)
  }],"foodSubtotalCents":${a.foodSubtotalCents},"minimumAdjustmentCents":${a.minimumAdjustmentCents},"travelMiles":${a.travelMiles},"travelFeeCents":${a.travelFeeCents},"taxCents":${a.taxCents},"gratuityCents":${a.gratuityCents},"totalCents":${a.totalCents},"depositCents":${a.depositCents},"balanceDueCents":${a.balanceDueCents},"serviceable":${a.serviceable},"location":${
    optionJson(a.location)
  },"locations":[${listJson(a.locations, optionJson)}]}`;
}
