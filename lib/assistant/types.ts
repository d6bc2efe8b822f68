/**
 * Types of the booking assistant: the conversation, the tools it may call
 * (an injected port: the same services as the HTTP API), and what it answers.
 *
 * @module
 */

import type { Quote } from "../pricing/mod.ts";
import type { QuoteBody } from "../schemas/quote.ts";
import type { MenuItem, PricingSettings } from "../pricing/types.ts";

/** One message of the conversation (SPEC §5 `assistant`). */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** What the assistant recognised the customer wants in the latest message. */
export type Intent =
  | "quote"
  | "availability"
  | "booking"
  | "faq"
  | "dietary"
  | "reschedule_cancel"
  | "out_of_area"
  | "small_talk"
  | "discount"
  | "other_customer_data"
  | "handoff"
  | "unknown";

/** Every intent, for iteration (evaluation, docs). */
export const INTENTS: readonly Intent[] = [
  "quote",
  "availability",
  "booking",
  "faq",
  "dietary",
  "reschedule_cancel",
  "out_of_area",
  "small_talk",
  "discount",
  "other_customer_data",
  "handoff",
  "unknown",
];

/** A base location as the assistant's tools report it. */
export interface LocationRef {
  slug: string;
  name: string;
}

/** `check_availability` arguments: the `GET /api/availability` query plus what narrows it. */
export interface AvailabilityArgs {
  /** First date, "YYYY-MM-DD". */
  from: string;
  /** Last date, "YYYY-MM-DD" (at most 62 dates from `from`). */
  to: string;
  /** Location slug or id; when absent the tool picks the nearest one serving `zip` (else the default). */
  location?: string;
  /** Event ZIP, used to pick the location and the other locations that serve it. */
  zip?: string;
  /** A wanted start time "HH:MM" (one of the slot times). */
  time?: string;
}

/** One bookable (or not) start time. */
export interface SlotView {
  time: string;
  available: number;
}

/** A free slot offered instead of the one asked for. */
export interface AlternativeSlot {
  location: LocationRef;
  date: string;
  time: string;
  available: number;
}

/** `check_availability` result. */
export interface AvailabilityResult {
  location: LocationRef;
  timezone: string;
  /** Every date of the range with its slots (available 0 outside the booking window). */
  dates: Array<{ date: string; slots: SlotView[] }>;
  /**
   * When a date (and time) was asked: whether it is free. `available` counts
   * chefs left in that slot, or over the date's slots when no time was asked.
   */
  requested?: { date: string; time?: string; available: number };
  /** When the asked slot is full: the nearest free ones in time and at other locations, nearest first. */
  alternatives: AlternativeSlot[];
}

/** `get_quote` result: the `POST /api/quote` answer, or the 422 issues. */
export type QuoteResult =
  | { ok: true; quote: Quote; location?: LocationRef }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** `check_service_area` result. */
export interface ServiceAreaResult {
  zip: string;
  /** False when the data does not know the ZIP. */
  known: boolean;
  serviceable: boolean;
  /** Travel miles from the nearest location (rounded up), when known. */
  travelMiles?: number;
  /** Travel fee in cents at that distance, when serviceable. */
  travelFeeCents?: number;
  location?: LocationRef;
  /** City and state of the ZIP, when known. */
  place?: string;
}

/** One FAQ hit. */
export interface FaqHit {
  id: string;
  question: string;
  answer: string;
  score: number;
}

/** What the customer's words prefill in the booking wizard (`/book` query fields). */
export interface BookingPrefill {
  adults?: number;
  children?: number;
  under6?: number;
  proteins?: Record<string, number>;
  extraProteins?: Record<string, number>;
  addons?: Record<string, number>;
  gratuityPercent?: number;
  zip?: string;
  date?: string;
  time?: string;
  notes?: string;
}

/** `lookup_booking` arguments: what a manage link holds. */
export interface BookingLookupArgs {
  reference: string;
  token: string;
}

/**
 * `lookup_booking` result: what the manage page shows about the booking
 * (no address or contact details), or `found: false` for an unknown
 * reference or a wrong token (one answer for both, as the manage page).
 */
export type BookingLookupResult =
  | { found: false }
  | {
    found: true;
    reference: string;
    status: string;
    location: LocationRef;
    date: string;
    time: string;
    guests: number;
    totalCents: number;
    paidCents: number;
    balanceDueCents: number;
    canReschedule: boolean;
    canRequestCancellation: boolean;
    /** A cancellation requested now would refund the deposit. */
    cancellationRefundsDeposit: boolean;
  };

/** `handoff` arguments: the conversation goes to the staff inbox. */
export interface HandoffArgs {
  reason: string;
  transcript: ChatMessage[];
  /** Contact details the customer typed, if any (never card data). */
  contact?: { email?: string; phone?: string };
}

/**
 * The tools the assistant may use: the same services as the HTTP API, injected
 * by the composition root (or an in-memory set in tests). Every argument is
 * validated with the API's zod schemas before a tool sees it.
 */
export interface AssistantTools {
  /** Prices exactly a validated `POST /api/quote` body. */
  get_quote(body: QuoteBody): Promise<QuoteResult>;
  /** Slots of a date range at a location, with nearest free alternatives when the asked slot is full. */
  check_availability(args: AvailabilityArgs): Promise<AvailabilityResult>;
  /** Whether a ZIP is in the service area, and how far from the nearest location. */
  check_service_area(args: { zip: string }): Promise<ServiceAreaResult>;
  /** Full-text search over the FAQ and policies, best first. */
  search_faq(args: { query: string; limit?: number }): Promise<FaqHit[]>;
  /** A `/book` link prefilled with what was understood. */
  start_booking(prefill: BookingPrefill): Promise<{ url: string }>;
  /** The booking behind a manage link (the manage page's view, summarised). */
  lookup_booking(args: BookingLookupArgs): Promise<BookingLookupResult>;
  /** Puts the transcript in the staff inbox (a manager is notified). */
  handoff(args: HandoffArgs): Promise<{ ticketId: string }>;
}

/** Name of a tool. */
export type ToolName = keyof AssistantTools;

/** Arguments and result of each tool. */
export interface ToolSignatures {
  get_quote: { args: QuoteBody; result: QuoteResult };
  check_availability: { args: AvailabilityArgs; result: AvailabilityResult };
  check_service_area: { args: { zip: string }; result: ServiceAreaResult };
  search_faq: { args: { query: string; limit?: number }; result: FaqHit[] };
  start_booking: { args: BookingPrefill; result: { url: string } };
  lookup_booking: { args: BookingLookupArgs; result: BookingLookupResult };
  handoff: { args: HandoffArgs; result: { ticketId: string } };
}

/**
 * One tool call of a turn: validated arguments and the result, or `error`
 * when the arguments failed the API's schema (`issues`) or the tool failed.
 */
export type ToolCall = {
  [N in ToolName]: {
    name: N;
    args: ToolSignatures[N]["args"];
    result?: ToolSignatures[N]["result"];
    error?: {
      message: string;
      issues?: Array<{ path: string; message: string }>;
    };
  };
}[ToolName];

/** An action for the chat UI (SPEC §5). */
export type AssistantAction =
  | { type: "quote"; request: QuoteBody; quote: Quote }
  | {
    type: "availability";
    query: AvailabilityArgs;
    result: AvailabilityResult;
  }
  | { type: "book"; url: string; prefill: BookingPrefill }
  | { type: "handoff"; ticketId: string };

/** The settings and menu the assistant reads (the current catalog; default the seed). */
export interface AssistantCatalog {
  settings: Readonly<PricingSettings>;
  menu: readonly MenuItem[];
}

/** Input of one turn. */
export interface ReplyInput {
  /** The conversation so far, oldest first; the last message is the customer's. */
  messages: readonly ChatMessage[];
  /** The current instant (never read from the clock inside the engine). */
  now: Date;
  /** The IANA time zone plain-English dates are read in, e.g. "America/Los_Angeles". */
  timeZone: string;
  tools: AssistantTools;
  /** Default: the seed settings and menu. */
  catalog?: AssistantCatalog;
}

/** What the engine answers for one turn. */
export interface AssistantReply {
  reply: string;
  actions: AssistantAction[];
  /** Diagnostics for logs and evaluation; the HTTP layer need not return them. */
  meta: {
    intent: Intent;
    /** 0–1: how sure the classifier was. */
    confidence: number;
    toolCalls: ToolCall[];
    /** True when the first draft carried a number no tool gave and was replaced. */
    numbersReplaced: boolean;
    /** How many of the oldest messages were dropped (summarised) to fit the turn limit. */
    droppedMessages: number;
  };
}
