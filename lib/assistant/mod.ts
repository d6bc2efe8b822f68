/**
 * The booking assistant (SPEC §5 `assistant`): an offline engine that
 * classifies the customer's intent, fills slots (party, ZIP, dates, menu),
 * calls injected tools (the same services as the HTTP API) with arguments
 * validated by the API's zod schemas, and never lets a number into a reply
 * that a tool result of the same turn does not back.
 *
 * @example
 * ```ts
 * const out = await reply({
 *   messages: [{ role: "user", content: "How much for 10 adults in 95123?" }],
 *   now: new Date(),
 *   timeZone: "America/Los_Angeles",
 *   tools, // AssistantTools from the composition root
 * });
 * out.reply; out.actions; // [{type:"quote", request, quote}]
 * ```
 *
 * @module
 */
export * from "./types.ts";
export {
  type Assistant,
  type AssistantOptions,
  createAssistant,
  DEFAULT_CATALOG,
  reply,
  vetNumbers,
} from "./engine.ts";
export type {
  Draft,
  PlanContext,
  PlannedCall,
  Planner,
  Understanding,
} from "./planner.ts";
export { MAX_TOOL_CALLS_PER_TURN } from "./planner.ts";
export { OfflinePlanner } from "./offline.ts";
export type { OfflineUnderstanding } from "./understanding.ts";
export {
  AssistantInputError,
  type AssistantRequest,
  assistantRequestSchema,
  MAX_MESSAGE_CHARS,
  MAX_MESSAGES,
  MAX_TURNS,
  parseAssistantRequest,
  trimConversation,
} from "./request.ts";
export {
  allowCustomerCounts,
  type AllowedNumbers,
  allowFromToolResults,
  checkReplyNumbers,
  emptyAllowed,
  findNumbers,
  type FoundNumber,
  type NumberCheck,
} from "./check_numbers.ts";
export {
  createFaqSearch,
  FAQ_KEYWORDS,
  type FaqDocument,
  type FaqSearch,
} from "./faq_search.ts";
export {
  availabilityAnswer,
  type LocationAvailability,
  nearestAlternatives,
} from "./alternatives.ts";
export { bookingLink } from "./booking_link.ts";
export { classifyIntent, type IntentScore } from "./intent.ts";
export { toolSchemas, validateToolArgs } from "./validate.ts";
export { extractGuests, type GuestCounts } from "./extract/guests.ts";
export { extractZip } from "./extract/zip.ts";
export { type DateWish, extractDateWish } from "./extract/dates.ts";
export {
  extractMenu,
  MENU_SYNONYMS,
  type MenuMention,
} from "./extract/menu.ts";
export { quoteBodyOf } from "./quote_body.ts";
