/**
 * The `assistant` Edge Function (SPEC §5): `POST {messages, sessionId?}` →
 * `{reply, sessionId, actions}`.
 *
 * The handler owns what is HTTP and storage: CORS, body caps, the zod
 * request schema, the per-client allowance, the conversation token, card
 * numbers scrubbed before anything reads or stores them, the conversation
 * row and the handoff into the staff inbox (SQL of migration
 * 20261217100000). Understanding and answering is the `engine` port: the
 * app's offline assistant with tools on the same services as the API
 * (`lib/assistant/service.ts`, ADR 0025).
 *
 * Answers: 200; 400 INVALID_JSON; 405; 413 PAYLOAD_TOO_LARGE; 422
 * VALIDATION_FAILED with the field at fault (empty, over 2,000 characters,
 * non-text, unknown keys); 429 RATE_LIMITED with Retry-After; 503
 * UNAVAILABLE when the database fails.
 *
 * @module
 */
import { assistantRequestSchema, SESSION_ID } from "./assistant_request.ts";
import { json, jsonError, withCors } from "./http.ts";
import type {
  FunctionHandler,
  FunctionLog,
  ServiceTransaction,
} from "./ports.ts";

/** Largest request body read, in bytes (30 turns of 2,000 characters fit). */
export const MAX_BODY_BYTES = 128 * 1024;

/** One message. */
export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** What the engine gets for one turn. */
export interface EngineTurn {
  messages: ChatTurn[];
  now: Date;
  /** Puts the transcript in the staff inbox; returns the ticket id. */
  handoff(args: {
    reason: string;
    transcript: ChatTurn[];
    contact?: { email?: string; phone?: string };
  }): Promise<{ ticketId: string }>;
}

/** What the engine answers. */
export interface EngineReply {
  reply: string;
  actions: unknown[];
  intent: string;
}

/** The engine refused the conversation (answered 422 with the issues). */
export interface EngineInputError {
  issues: Array<{ path: string; message: string }>;
}

/** The ports of the `assistant` function. */
export interface AssistantPorts {
  transact: ServiceTransaction;
  clock: () => Date;
  log: FunctionLog;
  /** Answers one turn; throws an {@link EngineInputError}-shaped error for a refused conversation. */
  engine(turn: EngineTurn): Promise<EngineReply>;
  /** Takes one request from `client`'s allowance. */
  allow(client: string): { allowed: boolean; retryAfterSeconds: number };
}

/** The client a request counts against: the first `x-forwarded-for` entry (the gateway sets it). */
export function clientOf(req: Request): string {
  const first = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return first && first.length <= 64 ? first : "unknown";
}

/** A new conversation token: 32 random bytes, base64url (43 characters). */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-")
    .replace(/\//g, "_").replace(/=+$/, "");
}

/** SHA-256 (hex) of a token, as the table stores it. */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card-number placeholder. */
export const CARD_REMOVED = "[card number removed]";

/**
 * `text` with every payment-card number (13–19 digits, spaces or dashes
 * between, passing the Luhn check) replaced, so none is answered to, logged
 * or stored.
 */
export function scrubCardNumbers(text: string): string {
  return text.replace(/\b\d(?:[ -]?\d){12,18}\b/g, (m) => {
    const digits = m.replace(/[ -]/g, "");
    return luhn(digits) ? CARD_REMOVED : m;
  });
}

function transcriptText(messages: readonly ChatTurn[]): string {
  return messages.map((m) =>
    `${m.role === "user" ? "Customer" : "Assistant"}: ${m.content}`
  ).join("\n");
}

async function readBody(
  req: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; res: Response }> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    return {
      ok: false,
      res: jsonError(
        413,
        "PAYLOAD_TOO_LARGE",
        "The request body is too large.",
      ),
    };
  }
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return {
          ok: false,
          res: jsonError(
            413,
            "PAYLOAD_TOO_LARGE",
            "The request body is too large.",
          ),
        };
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  try {
    return {
      ok: true,
      value: JSON.parse(
        new TextDecoder("utf-8", { fatal: true }).decode(bytes),
      ),
    };
  } catch {
    return {
      ok: false,
      res: jsonError(400, "INVALID_JSON", "Send a JSON object."),
    };
  }
}

function validationFailed(
  issues: Array<{ path: string; message: string }>,
): Response {
  return json(422, {
    error: {
      code: "VALIDATION_FAILED",
      message: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      issues,
    },
  });
}

function isEngineInputError(err: unknown): err is EngineInputError {
  return !!err && typeof err === "object" &&
    Array.isArray((err as { issues?: unknown }).issues) &&
    (err as { status?: unknown }).status === 422;
}

/** The handler of the `assistant` function, on its ports. */
export function createAssistantHandler(
  ports: AssistantPorts,
): FunctionHandler {
  return withCors(async (req) => {
    if (req.method !== "POST") {
      return jsonError(405, "METHOD_NOT_ALLOWED", "Use POST.", {
        allow: "POST, OPTIONS",
      });
    }
    const body = await readBody(req);
    if (!body.ok) return body.res;
    const parsed = assistantRequestSchema.safeParse(body.value);
    if (!parsed.success) {
      return validationFailed(parsed.error.issues.map((i) => ({
        path: i.path.map(String).join(".") || "body",
        message: i.message,
      })));
    }
    const decision = ports.allow(clientOf(req));
    if (!decision.allowed) {
      const retry = Math.max(1, Math.ceil(decision.retryAfterSeconds));
      return jsonError(
        429,
        "RATE_LIMITED",
        "Too many messages; please wait a moment.",
        { "retry-after": String(retry) },
      );
    }
    const now = ports.clock();
    const messages: ChatTurn[] = parsed.data.messages.map((m) => ({
      role: m.role,
      content: scrubCardNumbers(m.content),
    }));
    try {
      // A token we did not issue, or one whose conversation expired, starts a new one.
      let sessionId = parsed.data.sessionId;
      if (sessionId && SESSION_ID.test(sessionId)) {
        const hash = await tokenHash(sessionId);
        const known = await ports.transact((tx) =>
          tx`select 1 from public.assistant_conversations
             where token_hash = ${hash}
               and expires_at > ${now.toISOString()}::timestamptz`
        );
        if (known.length === 0) sessionId = undefined;
      }
      sessionId ??= newSessionId();
      const hash = await tokenHash(sessionId);
      const answer = await ports.engine({
        messages,
        now,
        handoff: async ({ reason, transcript, contact }) => {
          const [row] = await ports.transact((tx) =>
            tx<{ id: string }[]>`
              select app.assistant_handoff(${hash}, ${
              transcriptText(transcript.map((m) => ({
                role: m.role,
                content: scrubCardNumbers(m.content),
              })))
            }, ${reason}, ${contact?.email ?? null}, ${
              contact?.phone ?? null
            }, ${now.toISOString()}::timestamptz) as id`
          );
          ports.log("info", "assistant handoff", { ticket: row.id });
          return { ticketId: row.id };
        },
      });
      const stored = [...messages, {
        role: "assistant" as const,
        content: answer.reply,
      }].slice(-400);
      await ports.transact((tx) =>
        tx`select app.assistant_record_turn(${hash}, ${
          JSON.stringify(stored)
        }::text::jsonb, ${answer.intent}, ${now.toISOString()}::timestamptz)`
      );
      return json(200, {
        reply: answer.reply,
        sessionId,
        actions: answer.actions,
      });
    } catch (err) {
      if (isEngineInputError(err)) return validationFailed(err.issues);
      ports.log("error", "assistant turn failed", {
        error: err instanceof Error ? err.message : String(err),
      });
      return jsonError(
        503,
        "UNAVAILABLE",
        "The assistant is unavailable; please use the contact page.",
        { "retry-after": "30" },
      );
    }
  });
}
