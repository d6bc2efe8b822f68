/**
 * The assistant engine: one turn = validate the conversation, let the planner
 * understand it and call tools (each argument validated with the API's zod
 * schemas), write the reply, and check every number of the reply against the
 * turn's tool results before it leaves.
 *
 * @module
 */

import { DEFAULT_SCHEMA_RULES, type SchemaRules } from "../schemas/common.ts";
import { DEFAULT_MENU, DEFAULT_PRICING } from "../pricing/types.ts";
import {
  allowCustomerCounts,
  allowFromToolResults,
  checkReplyNumbers,
} from "./check_numbers.ts";
import { OFFER_PERSON } from "./compose.ts";
import { OfflinePlanner } from "./offline.ts";
import {
  type Draft,
  MAX_TOOL_CALLS_PER_TURN,
  type PlanContext,
  type Planner,
  type Understanding,
} from "./planner.ts";
import {
  AssistantInputError,
  chatMessageSchema,
  MAX_MESSAGES,
  trimConversation,
} from "./request.ts";
import type {
  AssistantAction,
  AssistantCatalog,
  AssistantReply,
  AssistantTools,
  ReplyInput,
  ToolCall,
  ToolName,
} from "./types.ts";
import { toolSchemas, validateToolArgs } from "./validate.ts";

/** The seed settings and menu. */
export const DEFAULT_CATALOG: AssistantCatalog = Object.freeze({
  settings: DEFAULT_PRICING,
  menu: DEFAULT_MENU,
});

const SAFE_FALLBACK = `I'd rather not guess at that. ${OFFER_PERSON}`;

function schemaRulesOf(catalog: AssistantCatalog): SchemaRules {
  if (catalog === DEFAULT_CATALOG) return DEFAULT_SCHEMA_RULES;
  return {
    proteinsPerGuest: catalog.settings.proteinsPerGuest,
    maxPartySize: catalog.settings.maxPartySize,
    slotTimes: catalog.settings.slotTimes,
    menu: catalog.menu,
  };
}

/** Validates the messages of a direct call (the HTTP layer has usually done it already). */
function checkMessages(messages: unknown): void {
  const issues: Array<{ path: string; message: string }> = [];
  if (!Array.isArray(messages) || messages.length === 0) {
    issues.push({ path: "messages", message: "must be a non-empty list" });
  } else if (messages.length > MAX_MESSAGES) {
    issues.push({
      path: "messages",
      message: `must hold at most ${MAX_MESSAGES} messages`,
    });
  } else {
    messages.forEach((m, i) => {
      const r = chatMessageSchema.safeParse(m);
      if (!r.success) {
        for (const issue of r.error.issues) {
          issues.push({
            path: ["messages", i, ...issue.path].join("."),
            message: issue.message,
          });
        }
      }
    });
    if (issues.length === 0 && messages.at(-1).role !== "user") {
      issues.push({
        path: `messages.${messages.length - 1}.role`,
        message: "the last message must be the customer's",
      });
    }
  }
  if (issues.length > 0) throw new AssistantInputError(issues);
}

async function runTool(
  tools: AssistantTools,
  name: ToolName,
  args: unknown,
): Promise<unknown> {
  // deno-lint-ignore no-explicit-any
  const fn = (tools as any)[name] as (a: unknown) => Promise<unknown>;
  return await fn.call(tools, args);
}

function actionsOf(done: readonly ToolCall[]): AssistantAction[] {
  const actions: AssistantAction[] = [];
  for (const c of done) {
    if (c.name === "get_quote" && c.result?.ok) {
      actions.push({ type: "quote", request: c.args, quote: c.result.quote });
    } else if (c.name === "check_availability" && c.result) {
      actions.push({ type: "availability", query: c.args, result: c.result });
    } else if (c.name === "start_booking" && c.result) {
      actions.push({ type: "book", url: c.result.url, prefill: c.args });
    } else if (c.name === "handoff" && c.result) {
      actions.push({ type: "handoff", ticketId: c.result.ticketId });
    }
  }
  return actions;
}

/** Options of {@link createAssistant}. */
export interface AssistantOptions {
  /** Default: the {@link OfflinePlanner}. */
  planner?: Planner;
}

/** An assistant bound to a planner. */
export interface Assistant {
  reply(input: ReplyInput): Promise<AssistantReply>;
}

/** Builds an assistant (the composition root keeps one per process). */
export function createAssistant(opts: AssistantOptions = {}): Assistant {
  const planner: Planner = opts.planner ?? new OfflinePlanner();
  return { reply: (input) => replyWith(planner, input) };
}

const offline = new OfflinePlanner();

/**
 * Answers one turn with the offline planner.
 *
 * @throws {AssistantInputError} (HTTP 422) for empty, oversized or non-text messages.
 */
export function reply(input: ReplyInput): Promise<AssistantReply> {
  return replyWith(offline, input);
}

async function replyWith(
  planner: Planner,
  input: ReplyInput,
): Promise<AssistantReply> {
  checkMessages(input.messages);
  const catalog = input.catalog ?? DEFAULT_CATALOG;
  const { kept, dropped } = trimConversation(input.messages);
  const ctx: PlanContext = {
    messages: kept,
    dropped,
    now: input.now,
    timeZone: input.timeZone,
    catalog,
  };
  const schemas = toolSchemas(schemaRulesOf(catalog));
  const understood: Understanding = await planner.understand(ctx);
  const done: ToolCall[] = [];
  for (let i = 0; i < MAX_TOOL_CALLS_PER_TURN; i++) {
    const call = await planner.next(ctx, understood, done);
    if (!call) break;
    const checked = validateToolArgs(call.name, call.args, schemas);
    if (!checked.ok) {
      done.push({
        name: call.name,
        args: call.args,
        error: { message: "invalid arguments", issues: checked.issues },
      } as ToolCall);
      continue;
    }
    try {
      const result = await runTool(input.tools, call.name, checked.args);
      done.push({ name: call.name, args: checked.args, result } as ToolCall);
    } catch (err) {
      done.push({
        name: call.name,
        args: checked.args,
        error: { message: err instanceof Error ? err.message : String(err) },
      } as ToolCall);
    }
  }
  const draft: Draft = await planner.compose(ctx, understood, done);
  const { text, replaced } = vetNumbers(draft, done, input.messages);
  return {
    reply: text,
    actions: actionsOf(done),
    meta: {
      intent: understood.intent,
      confidence: understood.confidence,
      toolCalls: done,
      numbersReplaced: replaced,
      droppedMessages: dropped.length,
    },
  };
}

/**
 * The draft if all its numbers come from this turn's tool results (plain
 * counts may also echo the customer), else its number-free version, else a
 * plain offer of a person.
 */
export function vetNumbers(
  draft: Draft,
  done: readonly ToolCall[],
  messages: readonly { role: string; content: string }[],
): { text: string; replaced: boolean } {
  // Quote arguments and the ZIP asked about are the customer's facts the API echoes.
  const evidence = done.map((c) =>
    c.name === "get_quote" || c.name === "check_service_area"
      ? { args: c.args, result: c.result, error: c.error }
      : { result: c.result, error: c.error }
  );
  const allowed = allowCustomerCounts(
    messages.filter((m) => m.role === "user").map((m) => m.content),
    allowFromToolResults(evidence),
  );
  if (checkReplyNumbers(draft.text, allowed).ok) {
    return { text: draft.text, replaced: false };
  }
  if (checkReplyNumbers(draft.safeText, allowed).ok) {
    return { text: draft.safeText, replaced: true };
  }
  return { text: SAFE_FALLBACK, replaced: true };
}
