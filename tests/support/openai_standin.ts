/**
 * A small OpenAI-compatible stand-in for tests: `POST /v1/chat/completions`
 * answers what a script decides (a tool call or a message) in the shape of
 * the Chat Completions API, on a real HTTP server, and records each request
 * (body and Authorization) for assertions. Anything else is 404.
 *
 * @module
 */

/** One request the stand-in received. */
export interface SeenRequest {
  authorization: string | null;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** What the scripted model answers. */
export type ScriptAnswer =
  | { toolCall: { name: string; arguments: unknown } }
  | { content: string };

/** The running stand-in. */
export interface OpenAiStandIn {
  /** `AI_BASE_URL` for the client (ends in /v1). */
  baseUrl: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 (random port) answering with `script`. */
export function startOpenAiStandIn(
  // deno-lint-ignore no-explicit-any
  script: (body: any) => ScriptAnswer,
): OpenAiStandIn {
  const seen: SeenRequest[] = [];
  let n = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (req.method !== "POST" || path !== "/v1/chat/completions") {
        return Response.json({ error: { message: "not found" } }, {
          status: 404,
        });
      }
      const body = await req.json();
      seen.push({ authorization: req.headers.get("authorization"), body });
      const answer = script(body);
      n++;
      const message = "toolCall" in answer
        ? {
          role: "assistant",
          content: null,
          tool_calls: [{
            id: `call_${n}`,
            type: "function",
            function: {
              name: answer.toolCall.name,
              arguments: JSON.stringify(answer.toolCall.arguments),
            },
          }],
        }
        : { role: "assistant", content: answer.content };
      return Response.json({
        id: `chatcmpl-${n}`,
        object: "chat.completion",
        created: 1_700_000_000 + n,
        model: body.model,
        choices: [{
          index: 0,
          message,
          finish_reason: "toolCall" in answer ? "tool_calls" : "stop",
        }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    },
  );
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}/v1`,
    seen,
    close: () => server.shutdown(),
  };
}
