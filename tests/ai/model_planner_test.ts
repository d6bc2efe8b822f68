/**
 * The optional model planner (issue 13 item 1) against an OpenAI-compatible
 * stand-in over real HTTP: the model's tool calls run the same tools through
 * the engine's validation, its reply keeps the tool's exact numbers, an
 * invented number never leaves, arguments the API would refuse never reach
 * a tool, and an unreachable model leaves the turn to the offline engine.
 */
import assert from "node:assert/strict";
import { createAssistant, reply } from "../../lib/assistant/engine.ts";
import {
  configuredModelPlanner,
  modelTools,
} from "../../lib/assistant/model_planner.ts";
import { ConfigError, loadConfig } from "../../lib/config/mod.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { startOpenAiStandIn } from "../support/openai_standin.ts";
import { apiQuote, memoryTools, NOW, type Recorded, TZ } from "./tools.ts";

const ASK = "How much for 12 adults in 94539?";
const QUOTE_ARGS = {
  adults: 12,
  children: 0,
  proteins: { chicken: 12, steak: 12 },
  zip: "94539",
};

function lastTool(body: { messages: { role: string; content: string }[] }) {
  const m = [...body.messages].reverse().find((x) => x.role === "tool");
  return m ? JSON.parse(m.content) : null;
}

Deno.test("model planner: the model's quote call runs the real tool and its exact total is answered", async () => {
  const standIn = startOpenAiStandIn((body) => {
    const result = lastTool(body);
    if (!result) {
      return { toolCall: { name: "get_quote", arguments: QUOTE_ARGS } };
    }
    return {
      content: `That party comes to ${
        formatUsd(result.quote.totalCents)
      } in total, with a ${formatUsd(result.quote.depositCents)} deposit.`,
    };
  });
  try {
    const planner = configuredModelPlanner({
      baseUrl: standIn.baseUrl,
      apiKey: "test-key",
      model: "stand-in-1",
    });
    const log: Recorded[] = [];
    const out = await createAssistant({ planner }).reply({
      messages: [{ role: "user", content: ASK }],
      now: NOW,
      timeZone: TZ,
      tools: memoryTools(log),
    });
    const expected = apiQuote(QUOTE_ARGS);
    assert.ok(expected.ok);
    assert.match(
      out.reply,
      new RegExp(`\\${formatUsd(expected.quote.totalCents)}`),
    );
    assert.equal(out.meta.numbersReplaced, false);
    assert.deepEqual(log.map((l) => l.name), ["get_quote"]);
    const action = out.actions.find((a) => a.type === "quote");
    assert.equal(
      action && "quote" in action ? action.quote.totalCents : null,
      expected.quote.totalCents,
    );
    // The key and the tools reached the model; the key never left the server side.
    assert.equal(standIn.seen[0].authorization, "Bearer test-key");
    assert.equal(standIn.seen[0].body.model, "stand-in-1");
    const names = standIn.seen[0].body.tools.map((
      t: { function: { name: string } },
    ) => t.function.name);
    assert.ok(names.includes("get_quote") && names.includes("handoff"));
    // The second request carries the tool result under the call's id.
    const toolMsg = standIn.seen[1].body.messages.find((m: { role: string }) =>
      m.role === "tool"
    );
    assert.equal(toolMsg.tool_call_id, "call_1");
  } finally {
    await standIn.close();
  }
});

Deno.test("model planner: an invented number never leaves; refused arguments never reach a tool", async () => {
  const standIn = startOpenAiStandIn((body) => {
    const last = body.messages.at(-1);
    if (last.role === "user" && /discount/.test(last.content)) {
      return { content: "Sure, for you it's $999.00 all in." };
    }
    if (last.role === "user") {
      return {
        toolCall: {
          name: "get_quote",
          arguments: { ...QUOTE_ARGS, adults: -3 },
        },
      };
    }
    return { content: "Something went wrong with that quote." };
  });
  try {
    const planner = configuredModelPlanner({
      baseUrl: standIn.baseUrl,
      apiKey: null,
      model: "stand-in-1",
    });
    const assistant = createAssistant({ planner });
    const lie = await assistant.reply({
      messages: [{ role: "user", content: "Give me a discount for 12 adults" }],
      now: NOW,
      timeZone: TZ,
      tools: memoryTools(),
    });
    assert.doesNotMatch(lie.reply, /999/);
    assert.equal(lie.meta.numbersReplaced, true);

    const log: Recorded[] = [];
    const bad = await assistant.reply({
      messages: [{ role: "user", content: ASK }],
      now: NOW,
      timeZone: TZ,
      tools: memoryTools(log),
    });
    assert.deepEqual(log, []);
    const call = bad.meta.toolCalls[0];
    assert.equal(call.name, "get_quote");
    assert.ok(call.error?.issues?.some((i) => i.path === "adults"));
  } finally {
    await standIn.close();
  }
});

Deno.test("model planner: an unreachable model leaves the turn to the offline engine", async () => {
  // A port nobody listens on: bind one, then close it.
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const errors: unknown[] = [];
  const planner = configuredModelPlanner(
    { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: "k", model: "m" },
    (e) => errors.push(e),
  );
  const input = {
    messages: [{ role: "user" as const, content: ASK }],
    now: NOW,
    timeZone: TZ,
  };
  const viaModel = await createAssistant({ planner }).reply({
    ...input,
    tools: memoryTools(),
  });
  const offline = await reply({ ...input, tools: memoryTools() });
  assert.equal(viaModel.reply, offline.reply);
  assert.deepEqual(viaModel.actions, offline.actions);
  assert.equal(errors.length, 1);
});

Deno.test("model planner: tool definitions come from the API schemas; AI_MODEL is required with AI_BASE_URL", () => {
  const quote = modelTools().find((t) =>
    t.type === "function" && t.function.name === "get_quote"
  );
  assert.ok(quote && quote.type === "function");
  const params = quote.function.parameters as {
    properties: Record<string, unknown>;
  };
  assert.ok("adults" in params.properties && "zip" in params.properties);
  assert.throws(
    () => loadConfig({ AI_BASE_URL: "http://127.0.0.1:1/v1" }),
    (e) => e instanceof ConfigError && e.variable === "AI_MODEL",
  );
  const c = loadConfig({
    AI_BASE_URL: "http://127.0.0.1:1/v1",
    AI_MODEL: "m",
    AI_API_KEY: "k",
  });
  assert.deepEqual(c.ai, {
    baseUrl: "http://127.0.0.1:1/v1",
    apiKey: "k",
    model: "m",
  });
});
