/**
 * Real HTTP: `start()` honours `PORT`-style config and serves the fixture,
 * and a plugin route can upgrade to a WebSocket.
 */
import assert from "node:assert/strict";
import { start } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";
import config from "./fixture/fresh.config.ts";

Deno.test("start() serves over HTTP and plugin routes can upgrade to WebSocket", async () => {
  const server = await start(manifest, {
    ...config,
    server: { port: 0, hostname: "127.0.0.1", onListen() {} },
  });
  try {
    const base = `127.0.0.1:${server.addr.port}`;
    const res = await fetch(`http://${base}/params/5`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<p class="param">5\|/);

    const ws = new WebSocket(`ws://${base}/plugin/ws`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send("hi");
      ws.onmessage = (e) => resolve(String(e.data));
      ws.onerror = () => reject(new Error("websocket failed"));
    });
    assert.equal(reply, "echo:hi");
    const closed = new Promise((r) => (ws.onclose = r));
    ws.close();
    await closed;
  } finally {
    await server.shutdown();
  }
});
