/**
 * The `assistant` request body (SPEC §5) and the turn limit.
 *
 * @module
 */

import { z } from "zod";
import type { ChatMessage } from "./types.ts";

/** Longest message accepted, in characters. */
export const MAX_MESSAGE_CHARS = 2000;
/** Turns kept per reply; older ones are dropped (their slots are summarised). */
export const MAX_TURNS = 30;
/** Most messages a request may carry at all (beyond this it is refused, not trimmed). */
export const MAX_MESSAGES = 200;

const content = z.string({ error: "must be text" })
  .max(MAX_MESSAGE_CHARS, {
    message: `must be at most ${MAX_MESSAGE_CHARS} characters`,
  })
  .refine((s) => s.trim().length > 0, { message: "must not be empty" })
  // Control characters other than tab and newlines are not text a person typed.
  // deno-lint-ignore no-control-regex
  .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), {
    message: "must be plain text",
  });

/** One message. */
export const chatMessageSchema = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content,
});

/** The strict `POST /functions/v1/assistant` body. */
export const assistantRequestSchema = z.strictObject({
  messages: z.array(chatMessageSchema).min(1).max(MAX_MESSAGES),
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, {
    message: "must be a session id",
  }).optional(),
}).superRefine((v, ctx) => {
  if (v.messages.at(-1)?.role !== "user") {
    ctx.addIssue({
      code: "custom",
      path: ["messages", v.messages.length - 1, "role"],
      message: "the last message must be the customer's",
    });
  }
});

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
