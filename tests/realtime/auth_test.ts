/**
 * Realtime auth as issue 9 asks (ADR 0011), each attack of the issue as a
 * regression test: any `apikey` string no longer opens a socket; a token
 * forged with the secret but a made-up session cannot join; signing out,
 * a ban or staff deactivation closes the user's channels within seconds;
 * sockets per client and channels per socket are capped.
 */
import assert from "node:assert/strict";
import { createClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import { USERS } from "../db/fixtures.ts";
import { freshTestDb, type TestDb } from "../support/test_db.ts";
import {
  csrfFrom,
  postForm,
  signIn as signInStaff,
  startStaffApp,
} from "../staff/support.ts";
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from "../../local/keys.ts";
import {
  TOO_MANY_CHANNELS,
  TOO_MANY_USERS,
} from "../../local/realtime/server.ts";
import { SESSION_GONE } from "../../local/realtime/sessions.ts";
import { installProbeTable } from "./fixture.ts";
import {
  type RealtimeServer,
  signIn,
  signToken,
  startRealtimeServer,
  subscribe,
} from "./support.ts";
import type { RealtimeOptions } from "../../local/realtime/server.ts";

const items = { event: "*", schema: "public", table: "rt_items" } as const;

async function withServer(
  fn: (server: RealtimeServer, tdb: TestDb) => Promise<void>,
  options: Partial<RealtimeOptions> = {},
): Promise<void> {
  const tdb = await freshTestDb();
  await installProbeTable(tdb.db);
  const server = startRealtimeServer(tdb.db, options);
  try {
    await fn(server, tdb);
  } finally {
    await server.close();
    await tdb.dispose();
  }
}

/** Status of a websocket upgrade to `url` with `apikey` (101 = opened). */
async function connectStatus(
  url: string,
  apikey: string | null,
): Promise<number | { status: number; message: string }> {
  const ws = new WebSocket(
    `${url.replace("http", "ws")}/realtime/v1/websocket?vsn=1.0.0${
      apikey === null ? "" : `&apikey=${encodeURIComponent(apikey)}`
    }`,
  );
  return await new Promise((resolve) => {
    ws.onopen = () => {
      ws.onclose = () => resolve(101);
      ws.close();
    };
    ws.onerror = async () => {
      // The browser API hides the status: ask again over plain HTTP.
      const res = await fetch(
        `${url}/realtime/v1/websocket?vsn=1.0.0${
          apikey === null ? "" : `&apikey=${encodeURIComponent(apikey)}`
        }`,
        {
          headers: {
            upgrade: "websocket",
            connection: "upgrade",
            "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
            "sec-websocket-version": "13",
          },
        },
      );
      const body = await res.json();
      resolve({ status: res.status, message: body.message });
    };
  });
}

/** A raw vsn 1.0.0 socket that joins `topic` with `token`; resolves to the reply. */
async function rawJoin(
  url: string,
  token: string,
  topics: string[],
): Promise<{ replies: Record<string, unknown>[]; ws: WebSocket }> {
  const ws = new WebSocket(
    `${
      url.replace("http", "ws")
    }/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`,
  );
  await new Promise((r) => ws.onopen = r);
  const replies: Record<string, unknown>[] = [];
  const done = new Promise<void>((resolve) => {
    ws.onmessage = (e) => {
      const f = JSON.parse(e.data as string);
      if (f.event !== "phx_reply") return;
      replies.push(f.payload);
      if (replies.length === topics.length) resolve();
    };
  });
  topics.forEach((topic, i) =>
    ws.send(JSON.stringify({
      join_ref: String(i),
      ref: String(i),
      topic: `realtime:${topic}`,
      event: "phx_join",
      payload: { config: {}, access_token: token },
    }))
  );
  await done;
  return { replies, ws };
}

async function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise((r) => ws.addEventListener("close", r));
  ws.close();
  await closed;
}

Deno.test({
  name: "realtime auth: only a project key opens a socket",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const session = await signIn(server.url);
      assert.equal(await connectStatus(server.url, LOCAL_ANON_KEY), 101);
      assert.equal(
        await connectStatus(server.url, LOCAL_SERVICE_ROLE_KEY),
        101,
      );
      assert.deepEqual(await connectStatus(server.url, null), {
        status: 403,
        message: "apikey is required",
      });
      for (const key of ["anything", session.accessToken]) {
        assert.deepEqual(await connectStatus(server.url, key), {
          status: 401,
          message: "Invalid API key",
        });
      }
    }),
});

Deno.test({
  name:
    "realtime auth: without a key list, Realtime's own rule (a JWT it signed)",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      assert.equal(await connectStatus(server.url, LOCAL_ANON_KEY), 101);
      const otherSecret = await new SignJWT({ role: "anon" })
        .setProtectedHeader({ alg: "HS256" })
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode("x".repeat(40)));
      assert.deepEqual(await connectStatus(server.url, otherSecret), {
        status: 403,
        message: "Failed to validate JWT signature",
      });
      assert.equal(
        ((await connectStatus(server.url, "anything")) as { status: number })
          .status,
        403,
      );
      const expired = await signToken({ role: "anon" }, -10);
      assert.deepEqual(await connectStatus(server.url, expired), {
        status: 403,
        message: "Token has expired",
      });
    }, { apiKeys: undefined }),
});

Deno.test({
  name: "realtime auth: a token with a made-up session cannot join",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const real = await signIn(server.url, {
        appMetadata: { rt_role: "admin" },
      });
      const forged = await signToken({
        sub: real.userId,
        session_id: crypto.randomUUID(),
        app_metadata: { rt_role: "admin" },
      });
      const noSession = await signToken({
        sub: real.userId,
        app_metadata: { rt_role: "admin" },
      });
      // Another user's live session under this user's sub.
      const other = await signIn(server.url);
      const swapped = await signToken({
        sub: real.userId,
        session_id: other.sessionId,
      });
      const { replies, ws } = await rawJoin(server.url, forged, ["a"]);
      await closeSocket(ws);
      assert.deepEqual(replies[0], {
        status: "error",
        response: { reason: SESSION_GONE },
      });
      for (const token of [noSession, swapped]) {
        const r = await rawJoin(server.url, token, ["b"]);
        await closeSocket(r.ws);
        assert.deepEqual(r.replies[0], {
          status: "error",
          response: { reason: SESSION_GONE },
        });
      }
      // Through supabase-js: CHANNEL_ERROR with the reason, nothing flows.
      await assert.rejects(
        subscribe(server.url, forged, [items], "2.0.0"),
        /CHANNEL_ERROR:.*session_id claim in JWT does not exist/,
      );
      // The real session joins.
      const ok = await subscribe(
        server.url,
        real.accessToken,
        [items],
        "2.0.0",
      );
      await ok.close();
    }),
});

Deno.test({
  name: "realtime auth: sign-out and a ban close the user's channels",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const alice = await signIn(server.url, {
        appMetadata: { rt_role: "admin" },
      });
      const bob = await signIn(server.url, {
        appMetadata: { rt_role: "admin" },
      });
      const aliceSub = await subscribe(
        server.url,
        alice.accessToken,
        [items],
        "2.0.0",
      );
      const bobSub = await subscribe(
        server.url,
        bob.accessToken,
        [items],
        "1.0.0",
      );
      const closedWith: string[] = [];
      aliceSub.client.getChannels()[0].on(
        "system",
        {},
        (p: { message: string }) => closedWith.push(p.message),
      );
      try {
        await server.realtime.checkSessions();
        assert.equal(server.realtime.stats().channels, 2);

        const { error } = await alice.client.auth.signOut();
        assert.equal(error, null);
        await server.realtime.checkSessions();
        await aliceSub.waitForStatus("CLOSED");
        assert.deepEqual(closedWith, [SESSION_GONE]);
        assert.equal(server.realtime.stats().channels, 1);

        // The signed-out session's token cannot come back either.
        const again = await rawJoin(server.url, alice.accessToken, ["x"]);
        await closeSocket(again.ws);
        assert.equal(again.replies[0].status, "error");

        // A ban closes Bob's channel.
        const admin = createClient(server.url, LOCAL_SERVICE_ROLE_KEY, {
          auth: { persistSession: false, autoRefreshToken: false },
        });
        const ban = await admin.auth.admin.updateUserById(bob.userId, {
          ban_duration: "24h",
        });
        assert.equal(ban.error, null);
        await server.realtime.checkSessions();
        await bobSub.waitForStatus("CLOSED");
        assert.equal(server.realtime.stats().channels, 0);
      } finally {
        await aliceSub.close();
        await bobSub.close();
      }
    }),
});

Deno.test({
  name: "realtime auth: the session check runs on its own timer",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const carol = await signIn(server.url);
      const sub = await subscribe(
        server.url,
        carol.accessToken,
        [items],
        "2.0.0",
      );
      try {
        await carol.client.auth.signOut();
        await sub.waitForStatus("CLOSED", 5000);
      } finally {
        await sub.close();
      }
    }, { sessionCheckMs: 100 }),
});

Deno.test({
  name:
    "realtime auth: an access_token update with a dead session closes the channel",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const dan = await signIn(server.url);
      const sub = await subscribe(
        server.url,
        dan.accessToken,
        [items],
        "2.0.0",
      );
      try {
        const forged = await signToken({
          sub: dan.userId,
          session_id: crypto.randomUUID(),
        });
        await sub.setToken(forged);
        await sub.waitForStatus("CLOSED");
      } finally {
        await sub.close();
      }
    }, { sessionCheckMs: 0 }),
});

Deno.test({
  name: "realtime caps: sockets per client and channels per socket",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withServer(async (server) => {
      const open: WebSocket[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const ws = new WebSocket(
            `${
              server.url.replace("http", "ws")
            }/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`,
          );
          await new Promise((r) => ws.onopen = r);
          open.push(ws);
        }
        assert.deepEqual(await connectStatus(server.url, LOCAL_ANON_KEY), {
          status: 429,
          message: TOO_MANY_USERS,
        });
        await closeSocket(open.pop()!);
        for (let i = 0; i < 50 && server.realtime.stats().sockets > 1; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        // A closed socket frees its place.
        const { replies, ws } = await rawJoin(server.url, LOCAL_ANON_KEY, [
          "one",
          "two",
          "three",
        ]);
        open.push(ws);
        assert.deepEqual(replies.map((r) => r.status), ["ok", "ok", "error"]);
        assert.deepEqual(replies[2], {
          status: "error",
          response: { reason: TOO_MANY_CHANNELS },
        });
      } finally {
        await Promise.all(open.map(closeSocket));
      }
    }, { maxSocketsPerClient: 2, maxChannelsPerClient: 2 }),
});

Deno.test({
  name:
    "realtime auth through the app: /logout and staff deactivation close the channel",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Sessions re-checked every 100 ms (5 s by default): the test waits for
    // the close, not for the default period.
    const app = await startStaffApp({ REALTIME_SESSION_CHECK_MS: "100" });
    try {
      // The dashboard's way in: the cookie session, its token from
      // /admin/token, then the sign-out form.
      const jar = await signInStaff(app, "admin@myhibachi.example");
      const tokenRes = await jar.fetch(`${app.url}/admin/token`);
      const { accessToken } = await tokenRes.json();
      const feed = await subscribe(
        app.url,
        accessToken,
        [{ event: "*", schema: "public", table: "bookings" }],
        "2.0.0",
      );
      try {
        const page = await jar.fetch(`${app.url}/admin`);
        const out = await postForm(jar, `${app.url}/logout`, {
          _csrf: csrfFrom(await page.text()),
        });
        await out.body?.cancel();
        assert.equal(out.status, 303);
        await feed.waitForStatus("CLOSED", 8000);
      } finally {
        await feed.close();
      }

      const manager = await signIn(app.url, { userId: USERS.manager });
      const sub = await subscribe(
        app.url,
        manager.accessToken,
        [{ event: "*", schema: "public", table: "bookings" }],
        "2.0.0",
      );
      try {
        const closedWith: string[] = [];
        sub.client.getChannels()[0].on(
          "system",
          {},
          (p: { message: string }) => closedWith.push(p.message),
        );
        await app.db.sql`
          update public.staff set active = false where user_id = ${USERS.manager}`;
        await sub.waitForStatus("CLOSED", 8000);
        assert.match(
          closedWith.join(),
          /You no longer have permission to read from this Channel topic/,
        );
      } finally {
        await sub.close();
      }
    } finally {
      await app.dispose();
    }
  },
});
