/**
 * The optional model-driven planner (issue 13 item 1): an OpenAI-compatible
 * chat model (the `openai` client, any `AI_BASE_URL`) decides the tool calls
 * and writes the reply through tool calling, on the same tools and through
 * the same engine: every argument is validated with the API's schemas and
 * every number of the reply is checked against this turn's tool results
 * (`engine.ts` `vetNumbers`), so a model cannot invent a price or reach more
 * than a customer could.
 *
 * When the model is unreachable, slow or answers nonsense, the turn falls
 * back to the offline planner from that point on: understanding always comes
 * from the offline planner (the intent the engine reports), and its
 * number-free `safeText` is the draft's fallback.
 *
 * @module
 */
import { z } from "zod";
import type OpenAI from "openai";
import type { AiSettings } from "../config/mod.ts";
import { DEFAULT_SCHEMA_RULES } from "../schemas/common.ts";
import { OfflinePlanner } from "./offline.ts";
import type { OfflineUnderstanding } from "./understanding.ts";
import type { Draft, PlanContext, PlannedCall, Planner } from "./planner.ts";
import type { ToolCall, ToolName } from "./types.ts";
import { toolSchemas } from "./validate.ts";

/** How long one model call may take before the offline planner answers. */
export const MODEL_TIMEOUT_MS = 8_000;

/** What the model planner understood: the offline understanding plus the model's state. */
export interface ModelUnderstanding extends OfflineUnderstanding {
  model: {
    /** Set once a call failed: the rest of the turn is offline. */
    failed: boolean;
    /** Ids of the model's tool calls, in the order the engine ran them. */
    callIds: string[];
    /** The model's final message, when it wrote one. */
    final: string | null;
  };
}

/** The model client port: the one call of an `openai` client the planner makes. */
export interface ChatClient {
  chat: {
    completions: {
      create(
        body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
        options?: { timeout?: number; maxRetries?: number },
      ): Promise<OpenAI.Chat.Completions.ChatCompletion>;
    };
  };
}

const DESCRIPTIONS: Record<ToolName, string> = {
  get_quote:
    "Price a party exactly as the website's quote API does. proteins must total 2 per adult and child.",
  check_availability:
    "Free start times at a location between two dates (YYYY-MM-DD), with alternatives when full.",
  check_service_area: "Whether a US ZIP is served, and its travel fee.",
  search_faq: "Search the FAQ and policies.",
  start_booking: "A /book link prefilled with what the customer said.",
  lookup_booking: "Read the customer's booking from their manage link.",
  handoff: "Hand the conversation to a person on staff.",
};

/** The tools as OpenAI function definitions, from the engine's zod schemas. */
export function modelTools(): OpenAI.Chat.Completions.ChatCompletionTool[] {
  const schemas = toolSchemas(DEFAULT_SCHEMA_RULES);
  return (Object.keys(schemas) as ToolName[]).map((name) => {
    let parameters: Record<string, unknown>;
    if (name === "handoff") {
      // The planner adds the transcript itself; the model gives a reason.
      parameters = z.toJSONSchema(
        z.strictObject({ reason: z.string().min(1).max(200) }),
      ) as Record<string, unknown>;
    } else {
      parameters = z.toJSONSchema(schemas[name], {
        unrepresentable: "any",
        io: "input",
      }) as Record<string, unknown>;
    }
    delete parameters.$schema;
    return {
      type: "function" as const,
      function: { name, description: DESCRIPTIONS[name], parameters },
    };
  });
}

const SYSTEM = [
  "You are the booking assistant of MyHibachi, a private hibachi chef service.",
  "Answer briefly. Never state a price, date, time or amount unless a tool",
  "returned it in this conversation; call get_quote or check_availability",
  "instead of guessing. Offer a person (handoff) when unsure or when asked.",
  "Never reveal other customers' data; discounts are not yours to give.",
].join(" ");

/** A planner driving the engine's tools with an OpenAI-compatible model. */
export class ModelPlanner implements Planner<ModelUnderstanding> {
  readonly name = "model";
  readonly #client: ChatClient;
  readonly #model: string;
  readonly #offline: OfflinePlanner;
  readonly #tools = modelTools();
  readonly #onError: (error: unknown) => void;

  constructor(opts: {
    client: ChatClient;
    model: string;
    offline?: OfflinePlanner;
    /** Told when the model fails and the offline planner takes over. */
    onError?: (error: unknown) => void;
  }) {
    this.#client = opts.client;
    this.#model = opts.model;
    this.#offline = opts.offline ?? new OfflinePlanner();
    this.#onError = opts.onError ?? (() => {});
  }

  understand(ctx: PlanContext): ModelUnderstanding {
    return {
      ...this.#offline.understand(ctx),
      model: { failed: false, callIds: [], final: null },
    };
  }

  #messages(
    ctx: PlanContext,
    u: ModelUnderstanding,
    done: readonly ToolCall[],
  ): OpenAI.Chat.Completions.ChatCompletionMessageParam[] {
    const out: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      {
        role: "system",
        content: `${SYSTEM} Today is ${u.today} (${ctx.timeZone}).`,
      },
      ...ctx.messages.map((m) => ({ role: m.role, content: m.content })),
    ];
    done.forEach((call, i) => {
      const id = u.model.callIds[i] ?? `call_${i}`;
      out.push({
        role: "assistant",
        content: null,
        tool_calls: [{
          id,
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.args) },
        }],
      });
      out.push({
        role: "tool",
        tool_call_id: id,
        content: JSON.stringify(
          call.error ? { error: call.error } : call.result ?? null,
        ),
      });
    });
    return out;
  }

  async next(
    ctx: PlanContext,
    u: ModelUnderstanding,
    done: readonly ToolCall[],
  ): Promise<PlannedCall | null> {
    if (u.model.failed) return this.#offline.next(ctx, u, done);
    try {
      const res = await this.#client.chat.completions.create({
        model: this.#model,
        messages: this.#messages(ctx, u, done),
        tools: this.#tools,
        temperature: 0,
      }, { timeout: MODEL_TIMEOUT_MS, maxRetries: 0 });
      const msg = res.choices?.[0]?.message;
      if (!msg) throw new Error("the model answered no message");
      const call = msg.tool_calls?.find((c) => c.type === "function");
      if (call && call.type === "function") {
        const name = call.function.name as ToolName;
        if (!Object.hasOwn(DESCRIPTIONS, name)) {
          throw new Error(`the model called an unknown tool ${name}`);
        }
        let args: unknown = JSON.parse(call.function.arguments || "{}");
        if (name === "handoff") {
          args = {
            reason: String((args as { reason?: unknown }).reason ?? "asked"),
            transcript: ctx.messages,
          };
        }
        u.model.callIds.push(call.id);
        return { name, args };
      }
      u.model.final = typeof msg.content === "string" ? msg.content : null;
      return null;
    } catch (error) {
      this.#onError(error);
      u.model.failed = true;
      return this.#offline.next(ctx, u, done);
    }
  }

  async compose(
    ctx: PlanContext,
    u: ModelUnderstanding,
    done: readonly ToolCall[],
  ): Promise<Draft> {
    const offline = await this.#offline.compose(ctx, u, done);
    const text = u.model.final?.trim();
    if (u.model.failed || !text) return offline;
    return { text: text.slice(0, 2000), safeText: offline.safeText };
  }
}

/**
 * The model planner on the configured OpenAI-compatible API (`AI_BASE_URL`,
 * `AI_API_KEY`, `AI_MODEL`); the key stays on the server.
 */
export function configuredModelPlanner(
  ai: AiSettings,
  onError?: (error: unknown) => void,
): ModelPlanner {
  // The SDK is loaded on the first model call, not with the app: most
  // instances (and every test module that builds the app) never make one.
  let openai: Promise<OpenAI> | undefined;
  const client: ChatClient = {
    chat: {
      completions: {
        create: async (body, options) => {
          openai ??= import("openai").then(({ default: OpenAI }) =>
            new OpenAI({
              baseURL: ai.baseUrl,
              apiKey: ai.apiKey ?? "none",
              maxRetries: 0,
              timeout: MODEL_TIMEOUT_MS,
            })
          );
          return await (await openai).chat.completions.create(body, options);
        },
      },
    },
  };
  return new ModelPlanner({ client, model: ai.model, onError });
}
