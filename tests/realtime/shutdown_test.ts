/**
 * Stopping a serving instance (`stopServing`, what `main.ts` runs on
 * SIGTERM) while realtime clients are connected: one open socket and one
 * whose process was killed without a close handshake (a browser that
 * vanished). A test server once hung in `shutdown()` after its browser
 * closed (session 4); this proves production's stop path does not.
 */
import assert from "node:assert/strict";
import { stopServing } from "../../app.ts";
import { LOCAL_ANON_KEY } from "../../local/keys.ts";
import { buildApp } from "../support/app.ts";
import { freshTestDb } from "../support/test_db.ts";

/** A raw vsn 1.0.0 socket joined to a broadcast topic. */
async function joinedSocket(origin: string): Promise<WebSocket> {
  const ws = new WebSocket(
    `${
      origin.replace("http", "ws")
    }/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`,
  );
  await new Promise((open, fail) => {
    ws.onopen = open;
    ws.onerror = fail;
  });
  const reply = new Promise<{ status: string }>((resolve) => {
    ws.onmessage = (e) => {
      const frame = JSON.parse(e.data as string);
      if (frame.event === "phx_reply") resolve(frame.payload);
    };
  });
  ws.send(JSON.stringify({
    join_ref: "1",
    ref: "1",
    topic: "realtime:room",
    event: "phx_join",
    payload: { config: {}, access_token: LOCAL_ANON_KEY },
  }));
  assert.equal((await reply).status, "ok");
  return ws;
}

/** A client process that joins a topic, then is killed (no close frame). */
async function vanishedPeer(origin: string): Promise<void> {
  const url = `${
    origin.replace("http", "ws")
  }/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`;
  const code = `
    const ws = new WebSocket(${JSON.stringify(url)});
    ws.onopen = () => ws.send(JSON.stringify({ join_ref: "1", ref: "1",
      topic: "realtime:room", event: "phx_join",
      payload: { config: {}, access_token: ${
    JSON.stringify(LOCAL_ANON_KEY)
  } } }));
    ws.onmessage = () => console.log("joined");`;
  const peer = new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = peer.stdout.getReader();
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /joined/);
  reader.releaseLock();
  peer.kill("SIGKILL");
  await peer.status;
  await peer.stdout.cancel();
}

/** `promise`, or a failure after `ms` (a hang detector, not a wait). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`still waiting after ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test({
  name:
    "stopServing finishes with realtime clients connected: an open socket is closed with 1001, a vanished one holds nothing",
  sanitizeResources: false,
  async fn() {
    const tdb = await freshTestDb({ seed: true });
    try {
      const { handler, freshConfig } = await buildApp({
        db: tdb.db,
        env: { PUBLIC_URL: null },
      });
      const server = Deno.serve(
        { port: 0, hostname: "127.0.0.1", onListen() {} },
        handler,
      );
      (freshConfig.server?.onListen as (a: Deno.NetAddr) => void)(
        server.addr,
      );
      const origin = `http://127.0.0.1:${server.addr.port}`;
      const ws = await joinedSocket(origin);
      const closed = new Promise<number>((resolve) => {
        ws.onclose = (e) => resolve(e.code);
      });
      await vanishedPeer(origin);
      let stopped = false;
      await within(
        stopServing(server, {
          stop: () => {
            stopped = true;
            return Promise.resolve();
          },
        }),
        15_000,
      );
      assert.equal(
        await closed,
        1001,
        "the client is told the server goes away",
      );
      assert.ok(stopped, "the background work and database are stopped last");
      await assert.rejects(fetch(`${origin}/healthz`), "no longer listening");
    } finally {
      await tdb.dispose();
    }
  },
});
