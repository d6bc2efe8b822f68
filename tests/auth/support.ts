/**
 * Test harness: the auth stand-in and the dev mailbox served over real HTTP
 * on a fresh database, with a movable clock.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { createAuthHandler } from "../../local/auth/handler.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { Mailbox, type MailboxEntry } from "../../local/mail/mailbox.ts";
import { mailboxJson } from "../../local/mail/pages.ts";
import { freshTestDb, type TestDb } from "../support/test_db.ts";
import type { AuthOptions } from "../../local/auth/options.ts";

/** A running auth server for one test. */
export interface AuthServer {
  /** Supabase URL (origin), e.g. http://127.0.0.1:PORT */
  url: string;
  anonKey: string;
  serviceKey: string;
  mailbox: Mailbox;
  testDb: TestDb;
  /** Moves the server clock forward. */
  advance(seconds: number): void;
  /** Mail for `to`, newest first, read through GET /_dev/mailbox.json. */
  mail(to: string): Promise<MailboxEntry[]>;
  close(): Promise<void>;
}

/** Where magic links send the browser in the tests. */
export const CALLBACK = "http://127.0.0.1:8000/auth/callback";

/** Starts the server; `options` override handler settings. */
export async function startAuthServer(
  options: Partial<AuthOptions> & { pglite?: boolean } = {},
): Promise<AuthServer> {
  const testDb = await freshTestDb({ pglite: options.pglite });
  const mailbox = new Mailbox();
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  // The handler needs the server's URL, so it is created after listening.
  const ref: { auth?: (req: Request) => Promise<Response> } = {};
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/_dev/mailbox.json") return mailboxJson(mailbox, req);
      if (path.startsWith("/auth/v1/") && ref.auth) return ref.auth(req);
      return new Response("not found", { status: 404 });
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  ref.auth = createAuthHandler({
    db: testDb.db,
    externalUrl: `${url}/auth/v1`,
    siteUrl: "http://127.0.0.1:8000",
    redirectAllowList: ["http://127.0.0.1:8000/**"],
    jwtSecret: LOCAL_JWT_SECRET,
    jwtExpiry: 3600,
    mailer: mailbox,
    now,
    emailMaxFrequency: 60,
    apiKeys: [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY],
    ...options,
  });
  return {
    url,
    anonKey: LOCAL_ANON_KEY,
    serviceKey: LOCAL_SERVICE_ROLE_KEY,
    mailbox,
    testDb,
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    async mail(to) {
      const res = await fetch(
        `${url}/_dev/mailbox.json?to=${encodeURIComponent(to)}`,
      );
      return await res.json();
    },
    async close() {
      await server.shutdown();
      await testDb.dispose();
    },
  };
}

/** Options of {@link authClient}. */
export interface AuthClientOptions {
  /** supabase-js default: implicit. */
  flowType?: "pkce" | "implicit";
  /** supabase-js default: true. */
  persistSession?: boolean;
}

/**
 * The unmodified supabase-js client for `url` with in-memory storage, no
 * background token refresh and no URL session detection, so each test drives
 * every auth step itself.
 */
export function authClient(
  url: string,
  key: string,
  options: AuthClientOptions = {},
): SupabaseClient {
  return createClient(url, key, {
    auth: {
      ...options,
      storage: memoryStorage(),
      autoRefreshToken: false,
      detectSessionInUrl: false,
    },
  });
}

/** An in-memory storage for supabase-js (Deno's localStorage would persist). */
export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** A unique email address per test. */
export function uniqueEmail(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** Follows an email link without following the redirect; returns Location. */
export async function followLink(link: string): Promise<URL> {
  const res = await fetch(link, { redirect: "manual" });
  await res.body?.cancel();
  if (res.status !== 303) throw new Error(`expected 303, got ${res.status}`);
  return new URL(res.headers.get("location")!);
}

/** The 6-digit code in a mail's text. */
export function otpFrom(entry: MailboxEntry): string {
  const match = /code: (\d{6})/.exec(entry.text);
  if (!match) throw new Error("no OTP in mail");
  return match[1];
}
