/**
 * Presence (issue 17, item 9) as hosted Realtime serves it: unmodified
 * supabase-js clients see each other's `sync`, `join` and `leave` events and
 * the same `presenceState()`; then the frames themselves (presence_state on
 * join, presence_diff shapes with phx_ref / phx_ref_prev, refusals, the
 * per-channel presence rate limit). Presence needs no database: the server
 * gets one that is never reached.
 */
import assert from "node:assert/strict";
import {
  createClient,
  type RealtimeChannel,
  type SupabaseClient,
} from "@supabase/supabase-js";
import { type Db, openDb } from "../../lib/db/mod.ts";
import { LOCAL_ANON_KEY } from "../../local/keys.ts";
import type { RealtimeOptions } from "../../local/realtime/server.ts";
import { type RealtimeServer, startRealtimeServer } from "./support.ts";

type PresenceEvent = {
  event: "sync" | "join" | "leave";
  key?: string;
  newPresences?: Record<string, unknown>[];
  leftPresences?: Record<string, unknown>[];
};

/** A supabase-js client with one channel that records presence events. */
class Member {
  readonly events: PresenceEvent[] = [];
  readonly statuses: string[] = [];
  #waiters = new Set<() => void>();
  readonly client: SupabaseClient;
  readonly channel: RealtimeChannel;

  constructor(
    url: string,
    topic: string,
    key: string,
    vsn: "1.0.0" | "2.0.0",
    listen = true,
  ) {
    this.client = createClient(url, LOCAL_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { vsn },
    });
    this.channel = this.client.channel(topic, {
      config: { presence: { key } },
    });
    if (listen) {
      for (const event of ["sync", "join", "leave"] as const) {
        // deno-lint-ignore no-explicit-any
        (this.channel as any).on("presence", { event }, (p: PresenceEvent) => {
          this.events.push({ ...p, event });
          this.#notify();
        });
      }
    }
  }

  #notify() {
    this.#waiters.forEach((w) => w());
  }

  subscribe(): Promise<void> {
    this.channel.subscribe((status) => {
      this.statuses.push(status);
      this.#notify();
    });
    return this.until(() => this.statuses.includes("SUBSCRIBED"), "SUBSCRIBED");
  }

  /** Resolves when `check` holds, re-checked after each event. */
  until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `timed out waiting for ${what}; events ${
              JSON.stringify(this.events)
            }`,
          ),
        );
      }, timeoutMs);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
    });
  }

  /** The presence state as `{key: [payload without presence_ref]}`. */
  state(): Record<string, Record<string, unknown>[]> {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const [k, metas] of Object.entries(this.channel.presenceState())) {
      out[k] = (metas as Record<string, unknown>[]).map((m) => {
        const { presence_ref, ...rest } = m;
        assert.equal(typeof presence_ref, "string");
        return rest;
      });
    }
    return out;
  }

  hasEvent(event: string, key: string, name?: string): boolean {
    return this.events.some((e) =>
      e.event === event && e.key === key &&
      (name === undefined ||
        (e.newPresences ?? e.leftPresences ?? []).some((p) => p.name === name))
    );
  }

  async close(): Promise<void> {
    await this.client.removeAllChannels();
    this.client.realtime.disconnect();
  }
}

async function withServer(
  fn: (server: RealtimeServer) => Promise<void>,
  options: Partial<RealtimeOptions> = {},
): Promise<void> {
  // Never reached: presence keeps its state in the server process.
  const db: Db = await openDb({ url: "postgres://nobody@127.0.0.1:9/none" });
  const server = startRealtimeServer(db, options);
  try {
    await fn(server);
  } finally {
    await server.close();
    await db.close();
  }
}

const sorted = (s: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));

for (const vsn of ["1.0.0", "2.0.0"] as const) {
  Deno.test({
    name: `presence through supabase-js (vsn ${vsn}): sync, join, leave`,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () =>
      withServer(async (server) => {
        const topic = `room-${crypto.randomUUID()}`;
        const alice = new Member(server.url, topic, "alice", vsn);
        const bob = new Member(server.url, topic, "bob", vsn);
        // Tracks without listening to presence: still visible to others.
        const carol = new Member(server.url, topic, "carol", vsn, false);
        try {
          await alice.subscribe();
          assert.equal(await alice.channel.track({ name: "Alice" }), "ok");
          await alice.until(
            () => alice.hasEvent("join", "alice", "Alice"),
            "alice's own join",
          );
          assert.deepEqual(alice.state(), { alice: [{ name: "Alice" }] });

          await bob.subscribe();
          // Bob's first sync already holds Alice.
          await bob.until(
            () => bob.events.some((e) => e.event === "sync"),
            "bob's sync",
          );
          assert.ok(bob.hasEvent("join", "alice", "Alice"));
          assert.equal(await bob.channel.track({ name: "Bob" }), "ok");
          await alice.until(
            () => alice.hasEvent("join", "bob", "Bob"),
            "alice sees bob join",
          );
          assert.deepEqual(sorted(alice.state()), {
            alice: [{ name: "Alice" }],
            bob: [{ name: "Bob" }],
          });
          await bob.until(
            () => Object.keys(bob.state()).length === 2,
            "bob's state has both",
          );
          assert.deepEqual(sorted(bob.state()), sorted(alice.state()));

          await carol.subscribe();
          assert.equal(await carol.channel.track({ name: "Carol" }), "ok");
          await alice.until(
            () => alice.hasEvent("join", "carol", "Carol"),
            "alice sees carol",
          );
          // Carol got the state on her first track, herself included.
          await carol.until(
            () => Object.keys(carol.state()).length === 3,
            "carol's state",
          );

          // An update: one join of the new meta, one leave of the old.
          assert.equal(
            await bob.channel.track({ name: "Bob", typing: true }),
            "ok",
          );
          await alice.until(
            () =>
              alice.state().bob?.length === 1 &&
              alice.state().bob[0].typing === true,
            "alice sees bob's update",
          );

          // Untrack: a leave for bob; bob's channel stays joined.
          assert.equal(await bob.channel.untrack(), "ok");
          await alice.until(
            () => alice.hasEvent("leave", "bob", "Bob"),
            "alice sees bob leave",
          );
          await alice.until(() => !("bob" in alice.state()), "bob gone");

          // Leaving the channel (and closing the socket) is a leave too.
          await carol.close();
          await alice.until(
            () => alice.hasEvent("leave", "carol", "Carol"),
            "carol's socket closed",
          );
          assert.deepEqual(alice.state(), { alice: [{ name: "Alice" }] });
          await alice.channel.unsubscribe();
          await bob.until(
            () => Object.keys(bob.state()).length === 0,
            "alice left bob's state",
          );
          assert.equal(server.realtime.stats().presences, 0);
        } finally {
          await Promise.all([alice.close(), bob.close(), carol.close()]);
        }
      }),
  });
}

type Frame = {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  // deno-lint-ignore no-explicit-any
  payload: any;
};

/** A vsn 1.0.0 raw client. */
async function raw(url: string) {
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  const ws = new WebSocket(
    `${
      url.replace("http", "ws")
    }/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`,
  );
  ws.onmessage = (e) => {
    frames.push(JSON.parse(e.data as string));
    waiters.forEach((w) => w());
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  const next = (pred: (f: Frame) => boolean, timeoutMs = 3000) =>
    new Promise<Frame>((resolve, reject) => {
      const check = () => {
        const i = frames.findIndex(pred);
        if (i < 0) return;
        const [f] = frames.splice(i, 1);
        clearTimeout(timer);
        waiters.delete(check);
        resolve(f);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no frame; have ${JSON.stringify(frames)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    frames,
    send(ref: string, topic: string, event: string, payload: unknown) {
      ws.send(JSON.stringify({ join_ref: "1", ref, topic, event, payload }));
    },
    next,
    reply: (ref: string) =>
      next((f) => f.event === "phx_reply" && f.ref === ref),
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      const closed = new Promise((r) => ws.addEventListener("close", r));
      ws.close();
      await closed;
    },
  };
}

Deno.test({
  name: "presence frames: state on join, diff shapes, refusals, rate limit",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const a = await raw(server.url);
      const b = await raw(server.url);
      try {
        const topic = "realtime:lobby";
        a.send("1", topic, "phx_join", {
          config: { presence: { key: "k1", enabled: true } },
        });
        assert.equal((await a.reply("1")).payload.status, "ok");
        assert.deepEqual(
          (await a.next((f) => f.event === "presence_state")).payload,
          {},
        );

        a.send("2", topic, "presence", {
          type: "presence",
          event: "track",
          payload: { name: "A" },
        });
        assert.deepEqual((await a.reply("2")).payload, {
          status: "ok",
          response: {},
        });
        const join = await a.next((f) => f.event === "presence_diff");
        assert.equal(join.join_ref, "1");
        const ref1 = join.payload.joins.k1.metas[0].phx_ref;
        assert.match(ref1, /^[A-Za-z0-9+/]+=*$/);
        assert.deepEqual(join.payload, {
          joins: { k1: { metas: [{ name: "A", phx_ref: ref1 }] } },
          leaves: {},
        });

        // A late joiner without presence enabled gets no state, but diffs.
        b.send("1", topic, "phx_join", {
          config: { presence: { key: "", enabled: false } },
        });
        assert.equal((await b.reply("1")).payload.status, "ok");
        // A config without `presence` at all asks for it (Realtime's default).
        b.send("3", "realtime:other", "phx_join", { config: {} });
        assert.equal((await b.reply("3")).payload.status, "ok");
        assert.deepEqual(
          (await b.next((f) => f.event === "presence_state")).topic,
          "realtime:other",
        );

        // Same payload again: acknowledged, no diff.
        a.send("4", topic, "presence", {
          type: "presence",
          event: "track",
          payload: { name: "A" },
        });
        assert.equal((await a.reply("4")).payload.status, "ok");
        // Update: join with phx_ref_prev plus leave of the old meta.
        a.send("5", topic, "presence", {
          type: "presence",
          event: "track",
          payload: { name: "A2" },
        });
        assert.equal((await a.reply("5")).payload.status, "ok");
        const upd = await b.next((f) => f.event === "presence_diff");
        const ref2 = upd.payload.joins.k1.metas[0].phx_ref;
        assert.notEqual(ref2, ref1);
        assert.deepEqual(upd.payload, {
          joins: {
            k1: { metas: [{ name: "A2", phx_ref: ref2, phx_ref_prev: ref1 }] },
          },
          leaves: { k1: { metas: [{ name: "A", phx_ref: ref1 }] } },
        });
        assert.ok(
          !b.frames.some((f) => f.event === "presence_diff"),
          "the repeated track sent a diff",
        );

        // Refusals.
        b.send("6", topic, "presence", {
          type: "presence",
          event: "track",
          payload: [1, 2],
        });
        assert.deepEqual((await b.reply("6")).payload, {
          status: "error",
          response: { reason: "Presence track payload must be a map" },
        });
        b.send("7", topic, "presence", { type: "presence", event: "wave" });
        assert.deepEqual((await b.reply("7")).payload, {
          status: "error",
          response: {},
        });

        // b's state join (presence enabled on its first track) lists both.
        b.send("8", topic, "presence", {
          type: "presence",
          event: "track",
          payload: { name: "B" },
        });
        assert.equal((await b.reply("8")).payload.status, "ok");
        const state = await b.next((f) =>
          f.event === "presence_state" && f.topic === topic
        );
        const keys = Object.keys(state.payload);
        assert.equal(keys.length, 2);
        assert.ok(keys.includes("k1"));
        const bKey = keys.find((k) => k !== "k1")!;
        assert.match(bKey, /^[0-9a-f-]{36}$/, "empty key → a UUID");

        // A leave: the socket closes, the others get a leave diff.
        await b.close();
        const left = await a.next((f) =>
          f.event === "presence_diff" && bKey in f.payload.leaves
        );
        assert.equal(left.payload.leaves[bKey].metas[0].name, "B");
      } finally {
        await a.close();
        await b.close();
      }
    }),
});

Deno.test({
  name: "presence: past the per-channel rate limit the channel shuts down",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const a = await raw(server.url);
      try {
        a.send("1", "realtime:busy", "phx_join", { config: {} });
        assert.equal((await a.reply("1")).payload.status, "ok");
        for (let i = 0; i < 3; i++) {
          a.send(`t${i}`, "realtime:busy", "presence", {
            type: "presence",
            event: "track",
            payload: { n: i },
          });
          assert.equal((await a.reply(`t${i}`)).payload.status, "ok");
        }
        a.send("t3", "realtime:busy", "presence", {
          type: "presence",
          event: "track",
          payload: { n: 3 },
        });
        const system = await a.next((f) => f.event === "system");
        assert.deepEqual(system.payload, {
          extension: "system",
          status: "error",
          message: "Client presence rate limit exceeded",
          channel: "busy",
        });
        await a.next((f) => f.event === "phx_close");
        assert.equal(server.realtime.stats().presences, 0);
      } finally {
        await a.close();
      }
    }, { clientPresenceMaxCalls: 3 }),
});

Deno.test({
  name: "presence: a payload over the size limit shuts the channel down",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const a = await raw(server.url);
      try {
        a.send("1", "realtime:big", "phx_join", { config: {} });
        assert.equal((await a.reply("1")).payload.status, "ok");
        a.send("2", "realtime:big", "presence", {
          type: "presence",
          event: "track",
          payload: { blob: "x".repeat(2048) },
        });
        const system = await a.next((f) => f.event === "system");
        assert.equal(system.payload.message, "Track message size exceeded");
        await a.next((f) => f.event === "phx_close");
        assert.equal(server.realtime.stats().presences, 0);
      } finally {
        await a.close();
      }
    }, { maxPayloadBytes: 1024 }),
});
