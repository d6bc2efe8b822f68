/**
 * The seam between the engine and what decides a turn. The offline planner
 * (rules + extractors) implements it; a model-driven planner (an
 * OpenAI-compatible chat model with tool calling) can implement the same
 * three steps and reuse the engine's tool validation and number checker.
 *
 * @module
 */

import type {
  AssistantCatalog,
  ChatMessage,
  Intent,
  ToolCall,
  ToolName,
} from "./types.ts";

/** Everything a planner may read for one turn (no clock, no environment). */
export interface PlanContext {
  /** The kept messages (newest {@link MAX_TURNS}), the last one the customer's. */
  messages: readonly ChatMessage[];
  /** Older messages dropped to fit the turn limit; their facts still count. */
  dropped: readonly ChatMessage[];
  now: Date;
  timeZone: string;
  catalog: AssistantCatalog;
}

/** What a planner understood of the turn. Planners may add their own fields. */
export interface Understanding {
  intent: Intent;
  /** 0–1. */
  confidence: number;
}

/** A tool call a planner wants; the engine validates `args` before running it. */
export interface PlannedCall {
  name: ToolName;
  args: unknown;
}

/** A reply draft: `text`, and the same answer without any number for when `text` fails the check. */
export interface Draft {
  text: string;
  safeText: string;
}

/**
 * Decides a turn in three steps: understand the message, call tools one at a
 * time (seeing each result, like a model's tool-calling loop), then write the
 * reply from the results. A model planner would map `next` to the model's
 * tool calls and `compose` to its final message; the engine still validates
 * every argument with the API's schemas and checks every number of the draft
 * against this turn's tool results, falling back to `safeText` or a person.
 */
export interface Planner<U extends Understanding = Understanding> {
  readonly name: string;
  understand(ctx: PlanContext): U | Promise<U>;
  /** The next tool call, or null when the reply can be written. */
  next(
    ctx: PlanContext,
    understood: U,
    done: readonly ToolCall[],
  ): PlannedCall | null | Promise<PlannedCall | null>;
  compose(
    ctx: PlanContext,
    understood: U,
    done: readonly ToolCall[],
  ): Draft | Promise<Draft>;
}

/** Most tool calls one turn may make (a planner that loops is stopped here). */
export const MAX_TOOL_CALLS_PER_TURN = 6;
