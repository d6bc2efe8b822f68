/**
 * The `supabase-local` Fresh plugin mounted in the Fresh-compatible runtime,
 * and the @supabase/ssr server-client cookie round trip through it.
 */
import assert from "node:assert/strict";
import {
  createServerClient,
  parseCookieHeader,
  serializeCookieHeader,
} from "@supabase/ssr";
import { createHandler } from "$fresh/server.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { Mailbox, type MailboxEntry } from "../../local/mail/mailbox.ts";
import { supabaseLocal } from "../../local/plugin.ts";
import { freshTestDb } from "../support/test_db.ts";
import { CALLBACK, followLink, uniqueEmail } from "./support.ts";

async function startPluginServer() {
  const testDb = await freshTestDb();
  const mailbox = new Mailbox();
  const ref: { url: string } = { url: "" };
  const plugin = supabaseLocal({
    db: testDb.db,
    mailbox,
    mailer: mailbox,
    publicUrl: "http://127.0.0.1:8000",
    jwtSecret: LOCAL_JWT_SECRET,
    apiKeys: [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY],
    auth: {
      get externalUrl() {
        return `${ref.url}/auth/v1`;
      },
      siteUrl: "http://127.0.0.1:8000",
    },
  });
  const handler = await createHandler(
    { routes: {}, islands: {}, baseUrl: import.meta.url },
    { plugins: [plugin] },
  );
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (req, info) => handler(req, info),
  );
  ref.url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url: ref.url,
    mailbox,
    async close() {
      await server.shutdown();
      await testDb.dispose();
    },
  };
}

/** One server-side request's cookie jar, the way an app route wires @supabase/ssr. */
function requestClient(url: string, cookieHeader: string) {
  const setCookies: string[] = [];
  const responseHeaders: Record<string, string> = {};
  const supabase = createServerClient(url, LOCAL_ANON_KEY, {
    cookies: {
      getAll: () =>
        parseCookieHeader(cookieHeader).map(({ name, value }) => ({
          name,
          value: value ?? "",
        })),
      setAll: (cookies, headers) => {
        for (const { name, value, options } of cookies) {
          setCookies.push(serializeCookieHeader(name, value, options));
        }
        Object.assign(responseHeaders, headers);
      },
    },
  });
  return { supabase, setCookies, responseHeaders };
}

/** Applies Set-Cookie lines to a browser-like jar and returns the Cookie header. */
function applyCookies(jar: Map<string, string>, setCookies: string[]): string {
  for (const line of setCookies) {
    const [pair, ...attrs] = line.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const expired = attrs.some((a) => /^max-age=0$/i.test(a)) ||
      attrs.some((a) => /^expires=thu, 01 jan 1970/i.test(a));
    if (expired || value === "") jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

Deno.test("plugin mounts /auth/v1 behind the API-key gate and the dev mailbox", async () => {
  const server = await startPluginServer();
  try {
    const noKey = await fetch(`${server.url}/auth/v1/settings`);
    assert.equal(noKey.status, 401);
    assert.deepEqual(await noKey.json(), {
      message: "No API key found in request",
    });
    const badKey = await fetch(`${server.url}/auth/v1/settings`, {
      headers: { apikey: "nope" },
    });
    assert.equal(badKey.status, 401);
    await badKey.body?.cancel();
    const settings = await fetch(`${server.url}/auth/v1/settings`, {
      headers: { apikey: LOCAL_ANON_KEY },
    });
    assert.equal(settings.status, 200);
    assert.equal((await settings.json()).external.email, true);

    const email = uniqueEmail("plugin");
    const otp = await fetch(`${server.url}/auth/v1/otp`, {
      method: "POST",
      headers: { apikey: LOCAL_ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    assert.equal(otp.status, 200);
    await otp.body?.cancel();

    const page = await fetch(`${server.url}/_dev/mailbox`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /text\/html/);
    const html = await page.text();
    assert.ok(html.includes(email), "the page lists the recipient");
    assert.ok(
      html.includes("/auth/v1/verify?token="),
      "the page shows the link",
    );

    const list: MailboxEntry[] =
      await (await fetch(`${server.url}/_dev/mailbox.json`)).json();
    assert.equal(list.length, 1);
    assert.deepEqual(Object.keys(list[0]).sort(), [
      "attachments",
      "html",
      "links",
      "sentAt",
      "subject",
      "text",
      "to",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("@supabase/ssr createServerClient: verifier cookie → callback exchange → session cookie → getUser", async () => {
  const server = await startPluginServer();
  try {
    const jar = new Map<string, string>();
    const email = uniqueEmail("ssr");

    // Request 1: the sign-in form posts to the app, which starts the PKCE flow.
    const login = requestClient(server.url, "");
    const sent = await login.supabase.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: CALLBACK },
    });
    assert.equal(sent.error, null);
    let cookie = applyCookies(jar, login.setCookies);
    assert.ok(
      jar.has("sb-127-auth-token-code-verifier"),
      "verifier cookie written at once",
    );

    // The user clicks the mailed link; GoTrue redirects with ?code=.
    const [mail] = server.mailbox.list(email);
    const code = (await followLink(mail.links[0])).searchParams.get("code")!;

    // Request 2: the callback route exchanges the code; cookies carry the session.
    const callback = requestClient(server.url, cookie);
    const exchanged = await callback.supabase.auth.exchangeCodeForSession(code);
    assert.equal(exchanged.error, null);
    cookie = applyCookies(jar, callback.setCookies);
    const session = jar.get("sb-127-auth-token");
    assert.ok(
      session?.startsWith("base64-"),
      "session cookie is base64url JSON",
    );
    assert.ok(
      !jar.has("sb-127-auth-token-code-verifier"),
      "verifier removed after use",
    );
    assert.equal(
      callback.responseHeaders["Cache-Control"],
      "private, no-cache, no-store, must-revalidate, max-age=0",
    );

    // Request 3: a later page load trusts only getUser() (a server round trip).
    const page = requestClient(server.url, cookie);
    const { data, error } = await page.supabase.auth.getUser();
    assert.equal(error, null);
    assert.equal(data.user!.email, email);

    // Sign out clears the cookie and ends the session on the server.
    const out = requestClient(server.url, cookie);
    assert.equal((await out.supabase.auth.signOut()).error, null);
    const token = JSON.parse(
      atob(session!.slice(7).replaceAll("-", "+").replaceAll("_", "/")),
    ).access_token;
    cookie = applyCookies(jar, out.setCookies);
    assert.ok(!jar.has("sb-127-auth-token"), "session cookie cleared");
    const after = requestClient(server.url, cookie);
    assert.equal((await after.supabase.auth.getUser()).data.user, null);
    const stale = await after.supabase.auth.getUser(token);
    assert.equal(stale.error?.name, "AuthSessionMissingError");
  } finally {
    await server.close();
  }
});
