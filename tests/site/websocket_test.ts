/**
 * The root middleware (request id, headers, access log) must let a websocket
 * upgrade through untouched: the embedded Realtime endpoint is served by the
 * whole app, not a bare handler.
 */
import assert from "node:assert/strict";
import { appHandler } from "./app_handler.ts";
import { LOCAL_ANON_KEY } from "../../local/keys.ts";

Deno.test("the real app upgrades /realtime/v1/websocket and answers a heartbeat", async () => {
  const { handler } = await appHandler();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) => handler(req, info),
  );
  try {
    const url = `ws://127.0.0.1:${server.addr.port}/realtime/v1/websocket` +
      `?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`;
    const ws = new WebSocket(url);
    const reply = await new Promise<Record<string, unknown>>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no reply")), 10_000);
        ws.onerror = () => reject(new Error("websocket error"));
        ws.onopen = () =>
          ws.send(JSON.stringify({
            topic: "phoenix",
            event: "heartbeat",
            payload: {},
            ref: "1",
          }));
        ws.onmessage = (e) => {
          clearTimeout(timer);
          resolve(JSON.parse(e.data));
        };
      },
    );
    assert.equal(reply.event, "phx_reply");
    assert.equal(reply.ref, "1");
    assert.deepEqual(reply.payload, { status: "ok", response: {} });
    const closed = new Promise((r) => ws.onclose = r);
    ws.close();
    await closed;
  } finally {
    await server.shutdown();
  }
});
