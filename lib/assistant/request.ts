/**
 * The `assistant` request body (SPEC §5) and the turn limit.
 *
 * @module
 */

import type { z } from "zod";
import {
  assistantRequestSchema,
  chatMessageSchema,
  MAX_MESSAGE_CHARS,
  MAX_MESSAGES,
  MAX_TURNS,
  SESSION_ID,
} from "../../supabase/functions/_shared/assistant_request.ts";
import type { ChatMessage } from "./types.ts";

// The schema is shared with the Edge Function (ADR 0010).
export {
  assistantRequestSchema,
  chatMessageSchema,
  MAX_MESSAGE_CHARS,
  MAX_MESSAGES,
  MAX_TURNS,
  SESSION_ID,
};

/** A validated request. */
export type AssistantRequest = z.output<typeof assistantRequestSchema>;

/** A refused request: the HTTP layer answers 422 `VALIDATION_FAILED` with these issues. */
export class AssistantInputError extends Error {
  readonly status = 422;
  readonly code = "VALIDATION_FAILED";
  readonly issues: Array<{ path: string; message: string }>;
  constructor(issues: Array<{ path: string; message: string }>) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    this.name = "AssistantInputError";
    this.issues = issues;
  }
}

/**
 * Validates an untrusted body.
 * @throws {AssistantInputError} for empty, oversized or non-text messages, unknown keys.
 */
export function parseAssistantRequest(body: unknown): AssistantRequest {
  const parsed = assistantRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new AssistantInputError(
    parsed.error.issues.map((i) => ({
      path: i.path.map(String).join("."),
      message: i.message,
    })),
  );
}

/**
 * Keeps the newest {@link MAX_TURNS} messages. Returns what was dropped too,
 * so the caller can carry its facts (party, ZIP, date) forward as a summary.
 */
export function trimConversation(
  messages: readonly ChatMessage[],
  maxTurns = MAX_TURNS,
): { kept: ChatMessage[]; dropped: ChatMessage[] } {
  if (messages.length <= maxTurns) {
    return { kept: [...messages], dropped: [] };
  }
  const cut = messages.length - maxTurns;
  return { kept: messages.slice(cut), dropped: messages.slice(0, cut) };
}
