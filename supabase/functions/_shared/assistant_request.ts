/**
 * The `assistant` request body (SPEC §5) as a zod schema, shared by the
 * Edge Function and the app's engine (`lib/assistant/request.ts`
 * re-exports it, ADR 0010).
 *
 * @module
 */
import { z } from "npm:zod@4.6.7";

/** Longest message accepted, in characters. */
export const MAX_MESSAGE_CHARS = 2000;
/** Turns kept per reply; older ones are dropped (their slots are summarised). */
export const MAX_TURNS = 30;
/** Most messages a request may carry at all (beyond this it is refused, not trimmed). */
export const MAX_MESSAGES = 200;
/** A conversation token (`sessionId`) as the function issues them. */
export const SESSION_ID = /^[A-Za-z0-9_-]{32,64}$/;

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
  sessionId: z.string().regex(SESSION_ID, {
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
export type AssistantRequestBody = z.output<typeof assistantRequestSchema>;
