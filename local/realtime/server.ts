/**
 * The embedded Supabase Realtime stand-in: the Phoenix websocket protocol
 * realtime-js speaks (vsn 1.0.0 and 2.0.0), `postgres_changes` from the
 * `realtime_changes` NOTIFY channel with rows re-read as each subscriber,
 * public `broadcast` and `presence` between channels of the same topic.
 * Stricter than hosted Realtime where issue 9 asks (ADR 0011): the socket's
 * `apikey` must be a known key, user tokens must belong to a live session
 * (checked at join, on `access_token` and every few seconds), and sockets
 * per client and channels per socket are capped.
 *
 * Mount `handleSocket` at `/realtime/v1/websocket` (see routes.ts).
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import { parseFilter } from "./filters.ts";
import {
  CLIENT_PRESENCE_MAX_CALLS,
  CLIENT_PRESENCE_WINDOW_MS,
  joinDiff,
  leaveDiff,
  newPresenceRef,
  type PresenceDiff,
  presenceEnabled,
  presenceKey,
  presenceState,
  sameJson,
  type Tracked,
  updateDiff,
} from "./presence.ts";
import { type RefusedUsers, SessionGate } from "./sessions.ts";
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
  /**
   * Keys accepted as the socket's `apikey` (the gateway's list). Omitted:
   * any unexpired JWT signed with `jwtSecret`, Realtime's own rule.
   */
  apiKeys?: readonly string[];
  /** Most open sockets per client address (default 20). */
  maxSocketsPerClient?: number;
  /** Most joined channels per socket (Realtime's default: 100). */
  maxChannelsPerClient?: number;
  /** Re-check the sessions of joined user tokens this often (default 5 s; 0 = only at join and on `access_token`). */
  sessionCheckMs?: number;
  /** App rule: users who must lose their channels (e.g. deactivated staff). */
  refusedUsers?: RefusedUsers;
  /** Largest presence payload, JSON bytes (Realtime: 3,000 KB). */
  maxPayloadBytes?: number;
  /** Presence messages a channel may send per window (Realtime: 5 per 30 s). */
  clientPresenceMaxCalls?: number;
  clientPresenceWindowMs?: number;
  /** Where unexpected errors go; defaults to console.error. */
  onError?: (error: unknown) => void;
}

/** A running Realtime stand-in. */
export interface Realtime {
  /**
   * Upgrade a `GET /realtime/v1/websocket?apikey=…&vsn=…` request from
   * `client` (its address, for the per-client socket cap).
   */
  handleSocket(req: Request, client?: string): Promise<Response>;
  /** Open sockets and joined channels (for /metrics and tests). */
  stats(): {
    sockets: number;
    channels: number;
    subscriptions: number;
    presences: number;
  };
  /**
   * Close the channels whose user token no longer has a live session (or
   * whose user an app rule refuses). Runs every `sessionCheckMs`.
   */
  checkSessions(): Promise<void>;
  /** Close every socket and stop listening. */
  close(): Promise<void>;
}

/** Realtime's "Subscribed to PostgreSQL" confirmation text. */
export const SUBSCRIBED_MESSAGE = "Subscribed to PostgreSQL";
/** Realtime's text when the project database cannot be reached. */
export const DATABASE_UNREACHABLE =
  "Realtime was unable to connect to the project database";
/** Realtime's join refusal past `maxChannelsPerClient`. */
export const TOO_MANY_CHANNELS = "ChannelRateLimitReached: Too many channels";
/** Realtime's refusal past its concurrent-users limit. */
export const TOO_MANY_USERS = "Too many connected users";

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
  readonly gate: SessionGate;
  /** Open sockets per client address. */
  readonly perClient = new Map<string, number>();
  /** True while the LISTEN connection is down (changes may be missed). */
  listenLost = false;
  #listening: Promise<void> | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #idleTimer: ReturnType<typeof setInterval> | undefined;
  #sessionTimer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(readonly opts: RealtimeOptions) {
    this.onError = opts.onError ?? ((e) => console.error("realtime:", e));
    this.fanout = new ChangeFanout(opts.db, { onError: this.onError });
    this.gate = new SessionGate(opts.db, opts.refusedUsers);
  }

  get maxChannels(): number {
    return this.opts.maxChannelsPerClient ?? 100;
  }

  get maxPayloadBytes(): number {
    return this.opts.maxPayloadBytes ?? 3_000 * 1024;
  }

  get presenceLimit(): { calls: number; windowMs: number } {
    return {
      calls: this.opts.clientPresenceMaxCalls ?? CLIENT_PRESENCE_MAX_CALLS,
      windowMs: this.opts.clientPresenceWindowMs ?? CLIENT_PRESENCE_WINDOW_MS,
    };
  }

  async handleSocket(req: Request, client = "unknown"): Promise<Response> {
    if (this.#closed) return jsonError(503, "Realtime is shutting down");
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return jsonError(400, "expected a websocket upgrade");
    }
    const url = new URL(req.url);
    const vsn = parseVsn(url.searchParams.get("vsn"));
    if (!vsn) return jsonError(400, "unsupported vsn");
    const apiKey = req.headers.get("x-api-key") ??
      url.searchParams.get("apikey") ??
      req.headers.get("apikey");
    // Realtime refuses the connect (403) without a key or with one its JWT
    // secret did not sign; the gateway in front knows only the project keys.
    if (!apiKey) return jsonError(403, "apikey is required");
    if (this.opts.apiKeys && !this.opts.apiKeys.includes(apiKey)) {
      return jsonError(401, "Invalid API key");
    }
    const checked = await this.checkToken(apiKey);
    if (!checked.ok) return jsonError(403, checked.message);
    const open = this.perClient.get(client) ?? 0;
    if (open >= (this.opts.maxSocketsPerClient ?? 20)) {
      return jsonError(429, TOO_MANY_USERS);
    }
    let upgraded: { socket: WebSocket; response: Response };
    try {
      upgraded = Deno.upgradeWebSocket(req);
    } catch {
      return jsonError(400, "invalid websocket upgrade");
    }
    const { socket, response } = upgraded;
    socket.binaryType = "arraybuffer";
    const conn = new Connection(this, socket, vsn, apiKey, client);
    this.connections.add(conn);
    this.perClient.set(client, open + 1);
    this.#armTimers();
    return response;
  }

  /** Forget a socket (once). */
  forget(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const open = (this.perClient.get(conn.client) ?? 1) - 1;
    if (open > 0) this.perClient.set(conn.client, open);
    else this.perClient.delete(conn.client);
  }

  stats() {
    let channels = 0;
    let presences = 0;
    for (const c of this.connections) {
      channels += c.channels.size;
      for (const ch of c.channels.values()) if (ch.tracked) presences++;
    }
    return {
      sockets: this.connections.size,
      channels,
      subscriptions: this.fanout.size,
      presences,
    };
  }

  /** Send `presence_diff` to every channel of `topic` (the sender too). */
  presenceDiff(topic: string, diff: PresenceDiff): void {
    for (const ch of this.topics.get(topic) ?? []) {
      ch.conn.push(ch, "presence_diff", diff);
    }
  }

  /** The tracked entries of `topic`, grouped by key. */
  presenceOf(topic: string) {
    const entries = [];
    for (const ch of this.topics.get(topic) ?? []) {
      if (ch.tracked) {
        entries.push({ key: ch.presenceKey, tracked: ch.tracked });
      }
    }
    return presenceState(entries);
  }

  async checkSessions(): Promise<void> {
    const channels: Channel[] = [];
    for (const c of this.connections) {
      for (const ch of c.channels.values()) {
        if (ch.claims.role === "authenticated") channels.push(ch);
      }
    }
    if (channels.length === 0) return;
    const claims = channels.map((ch) => ch.claims);
    let verdicts: (string | null)[];
    try {
      verdicts = await this.gate.check(claims, (i) => channels[i].name);
    } catch (e) {
      // The database cannot say: keep the channels, ask again next round.
      this.onError(e);
      return;
    }
    channels.forEach((ch, i) => {
      const refusal = verdicts[i];
      // A token swapped meanwhile is judged by its own access_token check.
      if (refusal === null || ch.claims !== claims[i]) return;
      ch.conn.shutdown(ch, refusal);
    });
  }

  /** LISTEN once for the whole process; resolves when notices will arrive. */
  ensureListening(): Promise<void> {
    this.#listening ??= this.opts.db.listen(CHANGES_CHANNEL, (payload) => {
      const notice = parseNotice(payload);
      if (notice) this.fanout.enqueue(notice);
    }, {
      onLost: () => {
        this.listenLost = true;
        this.#tellSubscribers("error", DATABASE_UNREACHABLE);
      },
      onRestored: () => {
        this.listenLost = false;
        this.#tellSubscribers("ok", SUBSCRIBED_MESSAGE);
      },
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

  /**
   * Realtime's word to postgres_changes subscribers when the database
   * connection drops (`error`) and when changes flow again (`ok`).
   */
  #tellSubscribers(status: "ok" | "error", message: string): void {
    for (const c of this.connections) {
      for (const ch of c.channels.values()) {
        if (!ch.sub) continue;
        c.push(ch, "system", {
          extension: "postgres_changes",
          status,
          message,
          channel: ch.name,
        });
      }
    }
  }

  #armTimers(): void {
    if (this.#idleTimer === undefined) {
      const limit = this.opts.idleTimeoutMs ?? 60_000;
      this.#idleTimer = setInterval(() => {
        const now = Date.now();
        for (const c of this.connections) {
          if (now - c.lastSeen > limit) c.close(1000, "heartbeat timeout");
        }
        if (this.connections.size === 0) this.#disarmTimers();
      }, Math.min(limit, 15_000));
    }
    const every = this.opts.sessionCheckMs ?? 5_000;
    if (this.#sessionTimer === undefined && every > 0) {
      let running = false;
      this.#sessionTimer = setInterval(() => {
        if (running) return;
        running = true;
        this.checkSessions().catch(this.onError).finally(() => running = false);
      }, every);
    }
  }

  #disarmTimers(): void {
    clearInterval(this.#idleTimer);
    this.#idleTimer = undefined;
    clearInterval(this.#sessionTimer);
    this.#sessionTimer = undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#disarmTimers();
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
  /** Key this channel's presence is tracked under. */
  presenceKey: string;
  /** Whether this channel gets `presence_state` (at join, or on first track). */
  presenceEnabled: boolean;
  /** What this channel tracks, or null. */
  tracked: Tracked | null;
  /** Presence messages in the current rate window. */
  presenceCalls: { count: number; resetAt: number };
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
    readonly client: string,
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
        return this.#presence(ch, msg);
    }
  }

  /** `track` / `untrack` as Realtime's PresenceHandler does for public channels. */
  #presence(ch: Channel, msg: PhoenixMessage): void {
    const payload = asRecord(msg.payload);
    const event = typeof payload.event === "string"
      ? payload.event.toLowerCase()
      : null;
    if (event === null) {
      this.reply(msg, "ok", {});
      return;
    }
    const limit = this.hub.presenceLimit;
    const now = Date.now();
    if (now > ch.presenceCalls.resetAt) {
      ch.presenceCalls = { count: 1, resetAt: now + limit.windowMs };
    } else if (ch.presenceCalls.count >= limit.calls) {
      return this.shutdown(ch, "Client presence rate limit exceeded");
    } else ch.presenceCalls.count++;

    if (event === "untrack") {
      const previous = ch.tracked;
      ch.tracked = null;
      this.reply(msg, "ok", {});
      if (previous) {
        this.hub.presenceDiff(ch.topic, leaveDiff(ch.presenceKey, previous));
      }
      return;
    }
    if (event !== "track") {
      this.reply(msg, "error", {});
      return;
    }
    const body = payload.payload ?? {};
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      this.reply(msg, "error", {
        reason: "Presence track payload must be a map",
      });
      return;
    }
    // Realtime's `max_payload_size_in_kb` (default 3,000 KB) per track.
    const size = new TextEncoder().encode(JSON.stringify(body)).byteLength;
    if (size > this.hub.maxPayloadBytes) {
      return this.shutdown(ch, "Track message size exceeded");
    }
    const previous = ch.tracked;
    if (previous && sameJson(previous.payload, body)) {
      this.reply(msg, "ok", {});
      return;
    }
    const next: Tracked = {
      ref: newPresenceRef(),
      payload: body as Record<string, unknown>,
    };
    ch.tracked = next;
    this.reply(msg, "ok", {});
    // A track enables presence for a channel joined without it: it gets the
    // state it never had (itself included), then diffs like everyone.
    if (!ch.presenceEnabled) {
      ch.presenceEnabled = true;
      this.push(ch, "presence_state", this.hub.presenceOf(ch.topic));
    }
    this.hub.presenceDiff(
      ch.topic,
      previous
        ? updateDiff(ch.presenceKey, previous, next)
        : joinDiff(ch.presenceKey, next),
    );
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
    const previous = this.channels.get(msg.topic);
    if (!previous && this.channels.size >= this.hub.maxChannels) {
      this.reply(msg, "error", { reason: TOO_MANY_CHANNELS });
      return;
    }
    const name = msg.topic.slice("realtime:".length);
    let refusal: string | null;
    try {
      [refusal] = await this.hub.gate.check([checked.claims], () => name);
    } catch (e) {
      this.hub.onError(e);
      refusal = DATABASE_UNREACHABLE;
    }
    if (refusal !== null) {
      this.reply(msg, "error", { reason: refusal });
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
        // The database is away: refuse, realtime-js rejoins with backoff.
        this.hub.onError(e);
        this.reply(msg, "error", { reason: DATABASE_UNREACHABLE });
        return;
      }
    }

    // Phoenix replaces a duplicate join (the topic may have changed hands
    // while this join awaited).
    const current = this.channels.get(msg.topic);
    if (current) this.#remove(current);
    const broadcast = asRecord(config.broadcast);
    const ch: Channel = {
      conn: this,
      topic: msg.topic,
      name,
      joinRef: msg.join_ref ?? msg.ref,
      token,
      claims: checked.claims,
      broadcastSelf: broadcast.self === true,
      broadcastAck: broadcast.ack === true,
      sub: null,
      expiry: undefined,
      presenceKey: presenceKey(asRecord(config.presence).key),
      presenceEnabled: presenceEnabled(config),
      tracked: null,
      presenceCalls: { count: 0, resetAt: 0 },
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
    if (ch.sub && !this.hub.listenLost) this.#confirmSubscribed(ch);
    else if (refused !== null || ch.sub) {
      this.push(ch, "system", {
        extension: "postgres_changes",
        status: "error",
        message: refused ?? DATABASE_UNREACHABLE,
        channel: ch.name,
      });
    }
    if (ch.presenceEnabled) {
      this.push(ch, "presence_state", this.hub.presenceOf(ch.topic));
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
    if (!checked.ok) return this.shutdown(ch, checked.message);
    let refusal: string | null;
    try {
      [refusal] = await this.hub.gate.check([checked.claims], () => ch.name);
    } catch (e) {
      this.hub.onError(e);
      refusal = DATABASE_UNREACHABLE;
    }
    if (this.channels.get(ch.topic) !== ch) return;
    if (refusal !== null) return this.shutdown(ch, refusal);
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
        this.shutdown(ch, "Token has expired");
      } else this.#armExpiry(ch);
    }, Math.max(0, Math.min(left, MAX_TIMER_MS)));
  }

  /** Realtime's shutdown: a `system` error message, then `phx_close`. */
  shutdown(ch: Channel, message: string): void {
    if (this.channels.get(ch.topic) !== ch) return;
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
    // Like a Phoenix channel process going down: its presence leaves.
    const tracked = ch.tracked;
    ch.tracked = null;
    if (tracked) {
      this.hub.presenceDiff(ch.topic, leaveDiff(ch.presenceKey, tracked));
    }
  }

  /** Forget the socket's channels and the socket itself (idempotent). */
  teardown(): void {
    for (const ch of [...this.channels.values()]) this.#remove(ch);
    this.hub.forget(this);
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
