/**
 * Helpers for realtime tests: a real `Deno.serve` server with createRealtime
 * and the auth stand-in (`/auth/v1`, so tests sign in for real sessions:
 * the Realtime stand-in refuses user tokens without a live one), signed
 * tokens, and supabase-js subscribers that record what they receive.
 *
 * @module
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { decodeJwt, SignJWT } from "jose";
import type { Db } from "../../lib/db/mod.ts";
import { createAuthHandler } from "../../local/auth/handler.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { Mailbox } from "../../local/mail/mailbox.ts";
import {
  createRealtime,
  type Realtime,
  type RealtimeOptions,
} from "../../local/realtime/server.ts";

/** A running HTTP server with the realtime and auth stand-ins mounted. */
export interface RealtimeServer {
  url: string;
  realtime: Realtime;
  close(): Promise<void>;
}

/** Serve `createRealtime({db})` at /realtime/v1/websocket on a free port. */
export function startRealtimeServer(
  db: Db,
  options: Partial<RealtimeOptions> = {},
): RealtimeServer {
  const realtime = createRealtime({
    db,
    jwtSecret: LOCAL_JWT_SECRET,
    apiKeys: [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY],
    ...options,
  });
  const ref: { auth?: (req: Request) => Promise<Response> } = {};
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req, info) => {
      const path = new URL(req.url).pathname;
      if (path === "/realtime/v1/websocket") {
        return realtime.handleSocket(req, info.remoteAddr.hostname);
      }
      if (path.startsWith("/auth/v1/") && ref.auth) return ref.auth(req);
      return new Response("not found", { status: 404 });
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  ref.auth = authHandlerFor(db, url);
  return {
    url,
    realtime,
    async close() {
      await realtime.close();
      await server.shutdown();
    },
  };
}

/** The auth stand-in of a test server at `url`. */
export function authHandlerFor(
  db: Db,
  url: string,
): (req: Request) => Promise<Response> {
  return createAuthHandler({
    db,
    externalUrl: `${url}/auth/v1`,
    siteUrl: url,
    redirectAllowList: [`${url}/**`],
    jwtSecret: LOCAL_JWT_SECRET,
    mailer: new Mailbox(),
    apiKeys: [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY],
  });
}

/** A real session of the auth stand-in. */
export interface TestSession {
  userId: string;
  sessionId: string;
  /** The access token GoTrue issued. */
  accessToken: string;
  /** supabase-js signed in with this session. */
  client: SupabaseClient;
  /** A token of this session with other claims or lifetime. */
  token(claims?: Record<string, unknown>, ttlSeconds?: number): Promise<string>;
}

/**
 * Signs in through the auth stand-in at `url` (admin magic link, then
 * `verifyOtp` with its hash, all through supabase-js): as the existing user
 * `userId`, or as a new user with `appMetadata`.
 */
export async function signIn(
  url: string,
  who: { userId?: string; appMetadata?: Record<string, unknown> } = {},
): Promise<TestSession> {
  const admin = createClient(url, LOCAL_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  let email: string;
  if (who.userId) {
    const { data, error } = await admin.auth.admin.getUserById(who.userId);
    if (error || !data.user.email) throw error ?? new Error("no email");
    email = data.user.email;
  } else {
    email = `rt-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const { error } = await admin.auth.admin.createUser({
      email,
      email_confirm: true,
      app_metadata: who.appMetadata ?? {},
    });
    if (error) throw error;
  }
  const link = await admin.auth.admin.generateLink({
    type: "magiclink",
    email,
  });
  if (link.error) throw link.error;
  const client = createClient(url, LOCAL_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await client.auth.verifyOtp({
    token_hash: link.data.properties.hashed_token,
    type: "magiclink",
  });
  if (error || !data.session) throw error ?? new Error("no session");
  const claims = decodeJwt(data.session.access_token);
  const userId = String(claims.sub);
  const sessionId = String(claims.session_id);
  return {
    userId,
    sessionId,
    accessToken: data.session.access_token,
    client,
    token: (extra = {}, ttl = 3600) =>
      signToken({
        sub: userId,
        session_id: sessionId,
        app_metadata: claims.app_metadata,
        ...extra,
      }, ttl),
  };
}

/** An HS256 access token like GoTrue's, valid for `ttlSeconds`. */
export async function signToken(
  claims: Record<string, unknown>,
  ttlSeconds = 3600,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({
    aud: "authenticated",
    role: "authenticated",
    ...claims,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
}

/** A change as supabase-js hands it to `.on('postgres_changes', …)`. */
export interface ReceivedChange {
  eventType: string;
  schema: string;
  table: string;
  commit_timestamp: string;
  new: Record<string, unknown>;
  old: Record<string, unknown>;
  errors: unknown;
}

/** Filter of one postgres_changes binding. */
export interface ChangeFilter {
  event: "*" | "INSERT" | "UPDATE" | "DELETE";
  schema: string;
  table?: string;
  filter?: string;
}

/** A supabase-js client with one subscribed channel and its inbox. */
export interface Subscriber {
  client: SupabaseClient;
  received: ReceivedChange[];
  statuses: string[];
  /** Point the client at a new token and push it to joined channels. */
  setToken(token: string): Promise<void>;
  /**
   * {@link setToken}, then wait for the server's confirmation that the
   * channel's postgres_changes now run under it (a new `system` "ok").
   */
  setTokenConfirmed(token: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the first received change satisfying `pred`. */
  waitFor(
    pred: (c: ReceivedChange) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedChange>;
  /** Resolves when a subscribe status equal to `status` is seen. */
  waitForStatus(status: string, timeoutMs?: number): Promise<void>;
  unsubscribe(): Promise<string>;
  close(): Promise<void>;
}

/** Unmodified supabase-js: createClient → channel().on(...).subscribe(). */
export async function subscribe(
  url: string,
  token: string | null,
  filters: ChangeFilter[],
  vsn: "1.0.0" | "2.0.0",
  name = `test-${crypto.randomUUID()}`,
): Promise<Subscriber> {
  let current = token;
  const client = createClient(url, LOCAL_ANON_KEY, {
    // The accessToken hook is how supabase-js apps hand it a session token.
    ...(token === null ? {} : { accessToken: () => Promise.resolve(current) }),
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { vsn },
  });
  const received: ReceivedChange[] = [];
  const statuses: string[] = [];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  let channel = client.channel(name);
  for (const f of filters) {
    channel = channel.on(
      // deno-lint-ignore no-explicit-any
      "postgres_changes" as any,
      f,
      (payload: ReceivedChange) => {
        received.push(payload);
        notify();
      },
    );
  }
  // Realtime's `system` messages: "ok" confirms postgres_changes run (again).
  let confirmations = 0;
  channel = channel.on("system", {}, (payload: Record<string, unknown>) => {
    if (payload.extension === "postgres_changes" && payload.status === "ok") {
      confirmations++;
      notify();
    }
  });
  const until = (check: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(
          new Error(
            `timed out waiting for ${what}; statuses ${statuses.join(",")}`,
          ),
        );
      }, timeoutMs);
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      };
      listeners.add(listener);
    });
  // Settle the token before joining, as an app with a restored session
  // would; otherwise the join races supabase-js's own initial setAuth.
  if (token !== null) await client.realtime.setAuth();
  channel.subscribe((status, err) => {
    statuses.push(err ? `${status}:${err.message}` : status);
    notify();
  });
  const sub: Subscriber = {
    client,
    received,
    statuses,
    async setToken(next) {
      current = next;
      await client.realtime.setAuth();
    },
    async setTokenConfirmed(next, timeoutMs = 5000) {
      const before = confirmations;
      await sub.setToken(next);
      await until(
        () => confirmations > before,
        timeoutMs,
        "the new token's confirmation",
      );
    },
    async waitFor(pred, timeoutMs = 5000) {
      await until(() => received.some(pred), timeoutMs, "a change");
      return received.find(pred)!;
    },
    waitForStatus: (status, timeoutMs = 5000) =>
      until(
        () => statuses.some((s) => s.startsWith(status)),
        timeoutMs,
        status,
      ),
    unsubscribe: () => channel.unsubscribe(),
    async close() {
      await client.removeAllChannels();
      client.realtime.disconnect();
    },
  };
  // A refused join ends in CHANNEL_ERROR/TIMED_OUT/CLOSED: fail on it at once
  // rather than after the timeout.
  const settled = () =>
    statuses.some((s) =>
      /^(SUBSCRIBED|CHANNEL_ERROR|TIMED_OUT|CLOSED)/.test(s)
    );
  await until(settled, 5000, "SUBSCRIBED").then(() => {
    if (!statuses.some((s) => s.startsWith("SUBSCRIBED"))) {
      throw new Error(`not subscribed; statuses ${statuses.join(",")}`);
    }
  }).catch(async (e) => {
    await sub.close();
    throw e;
  });
  return sub;
}

/** Wait a little so frames that would have been sent have arrived. */
export function settle(ms = 250): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
