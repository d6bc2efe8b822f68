/**
 * The embedded Supabase Realtime stand-in: the Phoenix websocket protocol
 * realtime-js speaks (vsn 1.0.0 and 2.0.0), `postgres_changes` from the
 * `realtime_changes` NOTIFY channel with rows re-read as each subscriber,
 * and public `broadcast` between channels of the same topic.
 *
 * Mount `handleSocket` at `/realtime/v1/websocket` (see routes.ts).
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import { parseFilter } from "./filters.ts";
import { type Binding, ChangeFanout, type Subscription } from "./fanout.ts";
import { CHANGES_CHANNEL, parseNotice } from "./notice.ts";
import {
  decodeFrame,
  encodeFrame,
  encodeFrameWithPayloadJson,
  parseVsn,
  type PhoenixMessage,
  type Vsn,
} from "./protocol.ts";
import { checkToken, type RealtimeClaims } from "./token.ts";

/** Options of {@link createRealtime}. */
export interface RealtimeOptions {
  /** Database whose `realtime_changes` notices are served. */
  db: Db;
  /** HS256 secret of access tokens and API keys. */
  jwtSecret: string;
  /** Close sockets silent for this long (Phoenix: 60 s; clients beat every 25 s). */
  idleTimeoutMs?: number;
  /** Where unexpected errors go; defaults to console.error. */
  onError?: (error: unknown) => void;
}

/** A running Realtime stand-in. */
export interface Realtime {
  /** Upgrade a `GET /realtime/v1/websocket?apikey=…&vsn=…` request. */
  handleSocket(req: Request): Response;
  /** Open sockets and joined channels (for /metrics and tests). */
  stats(): { sockets: number; channels: number; subscriptions: number };
  /** Close every socket and stop listening. */
  close(): Promise<void>;
}

/** Realtime's "Subscribed to PostgreSQL" confirmation text. */
export const SUBSCRIBED_MESSAGE = "Subscribed to PostgreSQL";

const CHANGE_EVENTS = new Set(["*", "INSERT", "UPDATE", "DELETE"]);
/** setTimeout's ceiling; longer token lifetimes are re-armed. */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/** Start a Realtime stand-in; LISTEN begins with the first subscription. */
export function createRealtime(opts: RealtimeOptions): Realtime {
  return new Hub(opts);
}

class Hub implements Realtime {
  readonly fanout: ChangeFanout;
  readonly connections = new Set<Connection>();
  readonly topics = new Map<string, Set<Channel>>();
  readonly onError: (error: unknown) => void;
  #listening: Promise<void> | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #idleTimer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(readonly opts: RealtimeOptions) {
    this.onError = opts.onError ?? ((e) => console.error("realtime:", e));
    this.fanout = new ChangeFanout(opts.db, { onError: this.onError });
  }

  handleSocket(req: Request): Response {
    if (this.#closed) return jsonError(503, "Realtime is shutting down");
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return jsonError(400, "expected a websocket upgrade");
    }
    const url = new URL(req.url);
    const vsn = parseVsn(url.searchParams.get("vsn"));
    if (!vsn) return jsonError(400, "unsupported vsn");
    const apiKey = url.searchParams.get("apikey") ??
      req.headers.get("apikey") ??
      req.headers.get("x-api-key");
    if (!apiKey) return jsonError(403, "apikey is required");
    let upgraded: { socket: WebSocket; response: Response };
    try {
      upgraded = Deno.upgradeWebSocket(req);
    } catch {
      return jsonError(400, "invalid websocket upgrade");
    }
    const { socket, response } = upgraded;
    socket.binaryType = "arraybuffer";
    const conn = new Connection(this, socket, vsn, apiKey);
    this.connections.add(conn);
    this.#armIdleCheck();
    return response;
  }

  stats() {
    let channels = 0;
    for (const c of this.connections) channels += c.channels.size;
    return {
      sockets: this.connections.size,
      channels,
      subscriptions: this.fanout.size,
    };
  }

  /** LISTEN once for the whole process; resolves when notices will arrive. */
  ensureListening(): Promise<void> {
    this.#listening ??= this.opts.db.listen(CHANGES_CHANNEL, (payload) => {
      const notice = parseNotice(payload);
      if (notice) this.fanout.enqueue(notice);
    }).then((unlisten) => {
      this.#unlisten = unlisten;
    }).catch((e) => {
      this.#listening = null;
      throw e;
    });
    return this.#listening;
  }

  /**
   * Realtime's refusal for the first binding whose table (or, without a
   * table, whose schema) has nothing in the `supabase_realtime`
   * publication, or null when every binding can be served.
   */
  async unpublished(bindings: Binding[]): Promise<string | null> {
    for (const b of bindings) {
      const [row] = await this.opts.db.sql.unsafe<{ ok: boolean }[]>(
        `select exists (
           select 1 from pg_publication_tables
            where pubname = 'supabase_realtime' and schemaname = $1
              and ($2::text is null or tablename = $2::text)
         ) as ok`,
        [b.schema, b.table],
      );
      if (!row?.ok) return unableToSubscribe(b);
    }
    return null;
  }

  /** Verify a token; null when `jwtSecret` is wrong or the claims fail. */
  checkToken(token: string) {
    return checkToken(token, this.opts.jwtSecret);
  }

  #armIdleCheck(): void {
    if (this.#idleTimer !== undefined) return;
    const limit = this.opts.idleTimeoutMs ?? 60_000;
    this.#idleTimer = setInterval(() => {
      const now = Date.now();
      for (const c of this.connections) {
        if (now - c.lastSeen > limit) c.close(1000, "heartbeat timeout");
      }
      if (this.connections.size === 0) this.#disarmIdleCheck();
    }, Math.min(limit, 15_000));
  }

  #disarmIdleCheck(): void {
    clearInterval(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#disarmIdleCheck();
    for (const c of [...this.connections]) c.close(1001, "server shutdown");
    // A vanished peer never finishes the close handshake: do not wait forever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...this.connections].map((c) => c.closed)),
      new Promise((r) => timer = setTimeout(r, 2000)),
    ]);
    clearTimeout(timer);
    for (const c of [...this.connections]) c.teardown();
    if (this.#listening) {
      await this.#listening.catch(() => {});
      await this.#unlisten?.();
    }
    await this.fanout.idle();
  }
}

/** A joined channel of one connection. */
interface Channel {
  conn: Connection;
  topic: string;
  /** Topic without the `realtime:` prefix, as Realtime's `channel` field. */
  name: string;
  joinRef: string | null;
  token: string;
  claims: RealtimeClaims;
  broadcastSelf: boolean;
  broadcastAck: boolean;
  sub: Subscription | null;
  expiry: ReturnType<typeof setTimeout> | undefined;
}

class Connection {
  readonly channels = new Map<string, Channel>();
  lastSeen = Date.now();
  readonly closed: Promise<void>;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly hub: Hub,
    readonly socket: WebSocket,
    readonly vsn: Vsn,
    readonly apiKey: string,
  ) {
    this.closed = new Promise((resolve) => {
      socket.onclose = () => {
        this.teardown();
        resolve();
      };
    });
    socket.onerror = () => {};
    socket.onmessage = (ev) => {
      this.lastSeen = Date.now();
      const msg = decodeFrame(ev.data, vsn);
      if (!msg) return;
      // One message at a time, so a join is complete before what follows it.
      this.#queue = this.#queue.then(() => this.#handle(msg)).catch(
        hub.onError,
      );
    };
  }

  close(code: number, reason: string): void {
    try {
      this.socket.close(code, reason);
    } catch {
      // already closing
    }
  }

  send(msg: PhoenixMessage): void {
    this.sendText(encodeFrame(msg, this.vsn));
  }

  sendText(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    try {
      this.socket.send(text);
    } catch (e) {
      this.hub.onError(e);
    }
  }

  reply(msg: PhoenixMessage, status: "ok" | "error", response: unknown): void {
    if (msg.ref === null) return;
    this.send({
      join_ref: msg.join_ref,
      ref: msg.ref,
      topic: msg.topic,
      event: "phx_reply",
      payload: { status, response },
    });
  }

  push(ch: Channel, event: string, payload: unknown): void {
    this.send({
      join_ref: ch.joinRef,
      ref: null,
      topic: ch.topic,
      event,
      payload,
    });
  }

  async #handle(msg: PhoenixMessage): Promise<void> {
    if (msg.topic === "phoenix") {
      if (msg.event === "heartbeat") this.reply(msg, "ok", {});
      return;
    }
    if (msg.event === "phx_join") return await this.#join(msg);
    const ch = this.channels.get(msg.topic);
    if (!ch) {
      this.reply(msg, "error", { reason: "unmatched topic" });
      return;
    }
    switch (msg.event) {
      case "phx_leave":
        this.reply(msg, "ok", {});
        this.#remove(ch);
        this.push(ch, "phx_close", {});
        return;
      case "access_token":
        return await this.#refreshToken(ch, msg.payload);
      case "broadcast":
        return this.#broadcast(ch, msg);
      case "presence":
        // Presence is not emulated; acknowledge so track()/untrack() resolve.
        this.reply(msg, "ok", {});
        return;
    }
  }

  async #join(msg: PhoenixMessage): Promise<void> {
    if (!msg.topic.startsWith("realtime:") || msg.topic === "realtime:") {
      this.reply(msg, "error", { reason: "You must provide a topic name" });
      return;
    }
    const payload = asRecord(msg.payload);
    const config = asRecord(payload.config);
    if (config.private === true) {
      this.reply(msg, "error", {
        reason:
          "Unauthorized: private channels are not supported by the local Realtime",
      });
      return;
    }
    const token = typeof payload.access_token === "string"
      ? payload.access_token
      : this.apiKey;
    const checked = await this.hub.checkToken(token);
    if (!checked.ok) {
      this.reply(msg, "error", { reason: checked.message });
      return;
    }
    const requested = Array.isArray(config.postgres_changes)
      ? config.postgres_changes
      : [];
    let bindings: Binding[];
    try {
      bindings = requested.map(toBinding);
    } catch (e) {
      this.reply(msg, "error", {
        reason: `Unable to subscribe to changes with given parameters: ${
          (e as Error).message
        }`,
      });
      return;
    }

    if (bindings.length > 0) {
      // LISTEN is in place before the reply, so SUBSCRIBED on the client
      // means no later commit can be missed.
      try {
        await this.hub.ensureListening();
      } catch (e) {
        this.hub.onError(e);
        this.reply(msg, "error", {
          reason: "Realtime was unable to connect to the project database",
        });
        return;
      }
    }

    // Realtime answers the join, then reports on the system channel when the
    // bindings name nothing published in supabase_realtime; no change flows.
    let refused: string | null = null;
    if (bindings.length > 0) {
      try {
        refused = await this.hub.unpublished(bindings);
      } catch (e) {
        this.hub.onError(e);
        refused = "Realtime was unable to connect to the project database";
      }
    }

    const previous = this.channels.get(msg.topic);
    if (previous) this.#remove(previous); // Phoenix replaces a duplicate join.
    const broadcast = asRecord(config.broadcast);
    const ch: Channel = {
      conn: this,
      topic: msg.topic,
      name: msg.topic.slice("realtime:".length),
      joinRef: msg.join_ref ?? msg.ref,
      token,
      claims: checked.claims,
      broadcastSelf: broadcast.self === true,
      broadcastAck: broadcast.ack === true,
      sub: null,
      expiry: undefined,
    };
    this.channels.set(ch.topic, ch);
    let members = this.hub.topics.get(ch.topic);
    if (!members) this.hub.topics.set(ch.topic, members = new Set());
    members.add(ch);
    this.#armExpiry(ch);
    if (bindings.length > 0 && refused === null) {
      ch.sub = {
        claims: ch.claims,
        bindings,
        deliver: (ids, dataJson) => {
          this.sendText(encodeFrameWithPayloadJson(
            {
              join_ref: ch.joinRef,
              ref: null,
              topic: ch.topic,
              event: "postgres_changes",
            },
            `{"ids":${JSON.stringify(ids)},"data":${dataJson}}`,
            this.vsn,
          ));
        },
      };
      this.hub.fanout.add(ch.sub);
    }

    this.reply(msg, "ok", {
      postgres_changes: requested.map((p, i) => ({
        ...asRecord(p),
        id: bindings[i].id,
      })),
    });
    if (ch.sub) this.#confirmSubscribed(ch);
    else if (refused !== null) {
      this.push(ch, "system", {
        extension: "postgres_changes",
        status: "error",
        message: refused,
        channel: ch.name,
      });
    }
  }

  /** Realtime's confirmation that postgres_changes are flowing. */
  #confirmSubscribed(ch: Channel): void {
    this.push(ch, "system", {
      extension: "postgres_changes",
      status: "ok",
      message: SUBSCRIBED_MESSAGE,
      channel: ch.name,
    });
  }

  async #refreshToken(ch: Channel, payload: unknown): Promise<void> {
    const token = asRecord(payload).access_token;
    if (typeof token !== "string" || token === ch.token) return;
    const checked = await this.hub.checkToken(token);
    if (this.channels.get(ch.topic) !== ch) return;
    if (!checked.ok) return this.#shutdown(ch, checked.message);
    ch.token = token;
    ch.claims = checked.claims;
    this.#armExpiry(ch);
    if (ch.sub) {
      // Swapped in place: changes keep flowing, under the new claims from the
      // next batch on. Realtime confirms the re-subscription the same way.
      ch.sub.claims = checked.claims;
      this.#confirmSubscribed(ch);
    }
  }

  #broadcast(ch: Channel, msg: PhoenixMessage): void {
    const payload = asRecord(msg.payload);
    for (const other of this.hub.topics.get(ch.topic) ?? []) {
      if (other === ch && !ch.broadcastSelf) continue;
      other.conn.push(other, "broadcast", payload);
    }
    if (ch.broadcastAck) this.reply(msg, "ok", {});
  }

  /** Close the channel when its token expires (Realtime checks on a timer too). */
  #armExpiry(ch: Channel): void {
    clearTimeout(ch.expiry);
    const left = ch.claims.exp * 1000 - Date.now();
    ch.expiry = setTimeout(() => {
      if (this.channels.get(ch.topic) !== ch) return;
      if (ch.claims.exp * 1000 <= Date.now()) {
        this.#shutdown(ch, "Token has expired");
      } else this.#armExpiry(ch);
    }, Math.max(0, Math.min(left, MAX_TIMER_MS)));
  }

  /** Realtime's shutdown: a `system` error message, then `phx_close`. */
  #shutdown(ch: Channel, message: string): void {
    this.push(ch, "system", {
      extension: "system",
      status: "error",
      message,
      channel: ch.name,
    });
    this.#remove(ch);
    this.push(ch, "phx_close", {});
  }

  #remove(ch: Channel): void {
    clearTimeout(ch.expiry);
    if (ch.sub) this.hub.fanout.remove(ch.sub);
    ch.sub = null;
    if (this.channels.get(ch.topic) === ch) this.channels.delete(ch.topic);
    const members = this.hub.topics.get(ch.topic);
    members?.delete(ch);
    if (members?.size === 0) this.hub.topics.delete(ch.topic);
  }

  /** Forget the socket's channels and the socket itself (idempotent). */
  teardown(): void {
    for (const ch of [...this.channels.values()]) this.#remove(ch);
    this.hub.connections.delete(this);
  }
}

/** Validate one `postgres_changes` entry; the id depends only on its params. */
function toBinding(raw: unknown): Binding {
  const p = asRecord(raw);
  const event = typeof p.event === "string" ? p.event.toUpperCase() : "";
  if (!CHANGE_EVENTS.has(event)) {
    throw new Error(`invalid event ${JSON.stringify(p.event)}`);
  }
  if (typeof p.schema !== "string" || p.schema === "") {
    throw new Error("schema is required");
  }
  if (
    p.table !== undefined && p.table !== null && typeof p.table !== "string"
  ) {
    throw new Error("table must be a string");
  }
  if (
    p.filter !== undefined && p.filter !== null && typeof p.filter !== "string"
  ) {
    throw new Error("filter must be a string");
  }
  return {
    id: paramsId(p),
    event: event as Binding["event"],
    schema: p.schema,
    table: typeof p.table === "string" && p.table !== "" ? p.table : null,
    conditions: parseFilter(p.filter as string | undefined),
  };
}

/** Realtime's message for a binding it cannot subscribe to. */
function unableToSubscribe(b: Binding): string {
  const filters = b.conditions.map((c) =>
    `{${JSON.stringify(c.column)}, ${JSON.stringify(c.op)}, ${
      JSON.stringify(Array.isArray(c.value) ? c.value.join(",") : c.value)
    }}`
  );
  return "Unable to subscribe to changes with given parameters. " +
    "Please check Realtime is enabled for the given connect parameters: " +
    `[event: ${b.event}, schema: ${b.schema}, table: ${b.table ?? "*"}, ` +
    `filters: [${filters.join(", ")}]]`;
}

/**
 * A stable 27-bit number for a params object (Realtime uses
 * `:erlang.phash2(params)`, also 27 bits): equal params, equal ids.
 */
export function paramsId(params: Record<string, unknown>): number {
  const text = canonicalJson(params);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7ffffff;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${
      entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(
        ",",
      )
    }}`;
  }
  return JSON.stringify(value);
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? v as Record<string, unknown>
    : {};
}

function jsonError(status: number, message: string): Response {
  return Response.json({ message }, { status });
}
