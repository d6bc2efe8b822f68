/**
 * The wire protocol at frame level, through the Fresh runtime with the
 * `supabase-local` plugin and `realtimeRoutes` mounted as the app does:
 * heartbeats, join replies and ids, system messages, errors, leave, and
 * vsn 2.0.0 binary broadcast frames.
 */
import assert from "node:assert/strict";
import { createHandler } from "$fresh/server.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { supabaseLocal } from "../../local/plugin.ts";
import { Mailbox } from "../../local/mail/mailbox.ts";
import {
  createRealtime,
  paramsId,
  type Realtime,
} from "../../local/realtime/server.ts";
import { freshTestDb, type TestDb } from "../support/test_db.ts";
import { insertItem, installProbeTable } from "./fixture.ts";
import { signIn, signToken, startRealtimeServer } from "./support.ts";

type Frame = {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  // deno-lint-ignore no-explicit-any
  payload: any;
};

/** A raw websocket client that decodes frames of either vsn. */
class RawClient {
  frames: Frame[] = [];
  #waiters = new Set<() => void>();
  private constructor(readonly ws: WebSocket, readonly vsn: "1.0.0" | "2.0.0") {
    ws.onmessage = (e) => {
      const d = JSON.parse(e.data as string);
      this.frames.push(
        Array.isArray(d)
          ? {
            join_ref: d[0],
            ref: d[1],
            topic: d[2],
            event: d[3],
            payload: d[4],
          }
          : d,
      );
      this.#waiters.forEach((w) => w());
    };
  }

  static async open(
    base: string,
    vsn: "1.0.0" | "2.0.0",
    apikey = LOCAL_ANON_KEY,
  ): Promise<RawClient> {
    const ws = new WebSocket(
      `${
        base.replace("http", "ws")
      }/realtime/v1/websocket?apikey=${apikey}&vsn=${vsn}`,
    );
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    return new RawClient(ws, vsn);
  }

  send(
    join_ref: string | null,
    ref: string | null,
    topic: string,
    event: string,
    payload: unknown,
  ): void {
    this.ws.send(
      this.vsn === "1.0.0"
        ? JSON.stringify({ join_ref, ref, topic, event, payload })
        : JSON.stringify([join_ref, ref, topic, event, payload]),
    );
  }

  next(pred: (f: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const f = this.frames.find(pred);
        if (!f) return false;
        this.frames.splice(this.frames.indexOf(f), 1);
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(f);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(`no matching frame; have ${JSON.stringify(this.frames)}`),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
      check();
    });
  }

  reply(ref: string) {
    return this.next((f) => f.event === "phx_reply" && f.ref === ref);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((r) => this.ws.addEventListener("close", r));
    this.ws.close();
    await closed;
  }
}

/** A kind-3 binary broadcast push exactly as realtime-js 2.x encodes it. */
function binaryBroadcast(
  joinRef: string,
  ref: string,
  topic: string,
  event: string,
  payload: unknown,
): Uint8Array {
  const enc = new TextEncoder();
  const parts = [joinRef, ref, topic, event, ""].map((s) => enc.encode(s));
  const body = enc.encode(JSON.stringify(payload));
  const head = [3, ...parts.map((p) => p.length), 1];
  const out = new Uint8Array(
    head.length + parts.reduce((n, p) => n + p.length, 0) + body.length,
  );
  out.set(head, 0);
  let o = head.length;
  for (const p of [...parts, body]) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

interface WireEnv {
  tdb: TestDb;
  /** http://127.0.0.1:<port> of the app. */
  base: string;
  /** A raw client on the app, closed after the test. */
  open(vsn: "1.0.0" | "2.0.0"): Promise<RawClient>;
  /** The realtime server, once the first socket has started it. */
  realtime(): Realtime | undefined;
}

/**
 * One wire-protocol behaviour on its own database, Fresh app with the
 * `supabase-local` plugin and realtime server, so tests run alone
 * (--filter) and in any order.
 */
function wireTest(name: string, fn: (env: WireEnv) => Promise<void>): void {
  Deno.test({
    name: `realtime wire: ${name}`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const tdb = await freshTestDb();
      let realtime: Realtime | undefined;
      let server: Deno.HttpServer<Deno.NetAddr> | undefined;
      const clients: RawClient[] = [];
      try {
        await installProbeTable(tdb.db);
        const plugin = supabaseLocal({
          db: tdb.db,
          mailer: new Mailbox(),
          publicUrl: "http://127.0.0.1:8000",
          jwtSecret: LOCAL_JWT_SECRET,
          apiKeys: [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY],
          realtime: () => {
            realtime = createRealtime({
              db: tdb.db,
              jwtSecret: LOCAL_JWT_SECRET,
              apiKeys: [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY],
            });
            return Promise.resolve(realtime);
          },
        });
        const handler = await createHandler(
          { routes: {}, islands: {}, baseUrl: import.meta.url },
          { plugins: [plugin] },
        );
        server = Deno.serve(
          { port: 0, hostname: "127.0.0.1", onListen() {} },
          (req, info) => handler(req, info),
        );
        const base = `http://127.0.0.1:${server.addr.port}`;
        await fn({
          tdb,
          base,
          async open(vsn) {
            const c = await RawClient.open(base, vsn);
            clients.push(c);
            return c;
          },
          realtime: () => realtime,
        });
      } finally {
        await Promise.all(clients.map((c) => c.close()));
        await realtime?.close();
        await server?.shutdown();
        await tdb.dispose();
      }
    },
  });
}

wireTest(
  "a socket without apikey, or a plain GET, is refused",
  async ({ base }) => {
    const noKey = await fetch(`${base}/realtime/v1/websocket?vsn=1.0.0`, {
      headers: { upgrade: "websocket", connection: "upgrade" },
    });
    await noKey.body?.cancel();
    assert.equal(noKey.status, 403);
    const plain = await fetch(
      `${base}/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}`,
    );
    await plain.body?.cancel();
    assert.equal(plain.status, 400);
  },
);

for (const vsn of ["1.0.0", "2.0.0"] as const) {
  wireTest(
    `vsn ${vsn}: heartbeat, join, system message, unmatched topic, leave`,
    async ({ tdb, base, open, realtime }) => {
      const { accessToken } = await signIn(base, {
        appMetadata: { rt_role: "admin" },
      });
      const c = await open(vsn);
      c.send(null, "1", "phoenix", "heartbeat", {});
      const hb = await c.reply("1");
      assert.deepEqual(hb, {
        join_ref: null,
        ref: "1",
        topic: "phoenix",
        event: "phx_reply",
        payload: { status: "ok", response: {} },
      });

      const params = {
        event: "INSERT",
        schema: "public",
        table: "rt_items",
        filter: "qty=gt.5",
      };
      c.send("2", "2", "realtime:dash", "phx_join", {
        config: {
          broadcast: { ack: false, self: false },
          presence: { key: "", enabled: false },
          postgres_changes: [params, { event: "*", schema: "public" }],
          private: false,
        },
        access_token: accessToken,
      });
      const joined = await c.reply("2");
      assert.equal(joined.join_ref, "2");
      assert.equal(joined.payload.status, "ok");
      const echoed = joined.payload.response.postgres_changes;
      assert.deepEqual(echoed[0], { ...params, id: paramsId(params) });
      assert.deepEqual(echoed[1], {
        event: "*",
        schema: "public",
        id: paramsId({ event: "*", schema: "public" }),
      });
      assert.ok(
        Number.isInteger(echoed[0].id) && echoed[0].id !== echoed[1].id,
      );
      const system = await c.next((f) => f.event === "system");
      assert.deepEqual(system, {
        join_ref: "2",
        ref: null,
        topic: "realtime:dash",
        event: "system",
        payload: {
          extension: "postgres_changes",
          status: "ok",
          message: "Subscribed to PostgreSQL",
          channel: "dash",
        },
      });

      // Both bindings match a big insert; only the catch-all a small one.
      const big = await insertItem(
        tdb.db,
        "00000000-0000-4000-8000-00000000000a",
        "big",
        9,
      );
      const small = await insertItem(
        tdb.db,
        "00000000-0000-4000-8000-00000000000a",
        "small",
        1,
      );
      const first = await c.next((f) =>
        f.event === "postgres_changes" && f.payload.data.record.id === big
      );
      assert.equal(first.join_ref, "2");
      assert.deepEqual(
        first.payload.ids.toSorted(),
        [echoed[0].id, echoed[1].id].toSorted(),
      );
      const second = await c.next((f) =>
        f.event === "postgres_changes" &&
        f.payload.data.record.id === small
      );
      assert.deepEqual(second.payload.ids, [echoed[1].id]);
      assert.deepEqual(
        second.payload.data.columns.map((
          col: { name: string; type: string },
        ) => `${col.name}:${col.type}`),
        [
          "id:uuid",
          "location_id:uuid",
          "title:text",
          "qty:int4",
          "created_at:timestamptz",
        ],
      );
      assert.equal(second.payload.data.errors, null);

      c.send(null, "3", "realtime:elsewhere", "broadcast", {
        type: "broadcast",
        event: "x",
        payload: {},
      });
      const unmatched = await c.reply("3");
      assert.deepEqual(unmatched.payload, {
        status: "error",
        response: { reason: "unmatched topic" },
      });

      c.send("2", "4", "realtime:dash", "phx_leave", {});
      assert.deepEqual((await c.reply("4")).payload, {
        status: "ok",
        response: {},
      });
      const closeFrame = await c.next((f) => f.event === "phx_close");
      assert.equal(closeFrame.join_ref, "2");
      assert.equal(realtime()!.stats().subscriptions, 0);
    },
  );

  wireTest(
    `vsn ${vsn}: bad tokens and bad filters are refused at join`,
    async ({ open }) => {
      const c = await open(vsn);
      c.send("1", "1", "realtime:x", "phx_join", {
        config: {
          postgres_changes: [{
            event: "*",
            schema: "public",
            table: "rt_items",
          }],
        },
        access_token: "not.a.jwt",
      });
      const bad = await c.reply("1");
      assert.equal(bad.payload.status, "error");
      assert.equal(typeof bad.payload.response.reason, "string");

      const expired = await signToken({ sub: crypto.randomUUID() }, -10);
      c.send("2", "2", "realtime:x", "phx_join", {
        config: {},
        access_token: expired,
      });
      assert.deepEqual((await c.reply("2")).payload, {
        status: "error",
        response: { reason: "Token has expired" },
      });

      c.send("3", "3", "realtime:x", "phx_join", {
        config: {
          postgres_changes: [{
            event: "*",
            schema: "public",
            table: "rt_items",
            filter: "qty",
          }],
        },
      });
      const filterError = await c.reply("3");
      assert.equal(filterError.payload.status, "error");
      assert.match(
        filterError.payload.response.reason,
        /Unable to subscribe/,
      );

      c.send("4", "4", "realtime:", "phx_join", { config: {} });
      assert.equal((await c.reply("4")).payload.status, "error");
    },
  );
}

wireTest("a channel closes when its token expires", async ({ base, open }) => {
  const session = await signIn(base);
  const c = await open("2.0.0");
  c.send("1", "1", "realtime:short", "phx_join", {
    config: {
      postgres_changes: [{
        event: "*",
        schema: "public",
        table: "rt_items",
      }],
    },
    access_token: await session.token({}, 2),
  });
  assert.equal((await c.reply("1")).payload.status, "ok");
  const system = await c.next(
    (f) => f.event === "system" && f.payload.extension === "system",
    5000,
  );
  assert.deepEqual(system.payload, {
    extension: "system",
    status: "error",
    message: "Token has expired",
    channel: "short",
  });
  assert.equal(
    (await c.next((f) => f.event === "phx_close")).join_ref,
    "1",
  );
});

wireTest(
  "a silent socket is closed after the idle timeout",
  async ({ tdb }) => {
    const quick = startRealtimeServer(tdb.db, { idleTimeoutMs: 300 });
    try {
      const c = await RawClient.open(quick.url, "2.0.0");
      const closed = new Promise((r) => c.ws.addEventListener("close", r));
      const t0 = Date.now();
      await closed;
      assert.ok(Date.now() - t0 < 3000);
      // The server forgets the socket once the close handshake ends.
      for (let i = 0; i < 20 && quick.realtime.stats().sockets > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(quick.realtime.stats().sockets, 0);
    } finally {
      await quick.close();
    }
  },
);

wireTest(
  "vsn 2.0.0 binary broadcast frames are relayed and acknowledged",
  async ({ open }) => {
    const sender = await open("2.0.0");
    const listener = await open("1.0.0");
    sender.send("1", "1", "realtime:room", "phx_join", {
      config: { broadcast: { ack: true, self: false } },
    });
    listener.send("7", "7", "realtime:room", "phx_join", {
      config: { broadcast: { self: false } },
    });
    assert.equal((await sender.reply("1")).payload.status, "ok");
    assert.equal((await listener.reply("7")).payload.status, "ok");

    sender.ws.send(
      binaryBroadcast("1", "2", "realtime:room", "cursor", { x: 1 }),
    );
    assert.deepEqual((await sender.reply("2")).payload, {
      status: "ok",
      response: {},
    });
    const got = await listener.next((f) => f.event === "broadcast");
    assert.equal(got.join_ref, "7");
    assert.deepEqual(got.payload, {
      type: "broadcast",
      event: "cursor",
      payload: { x: 1 },
    });

    // Garbage binary and text frames are ignored; the socket stays usable.
    sender.ws.send(new Uint8Array([9, 9, 9]));
    sender.ws.send("{not json");
    sender.send(null, "3", "phoenix", "heartbeat", {});
    assert.equal((await sender.reply("3")).payload.status, "ok");
  },
);
