/**
 * The production profile closes what development leaves open (issue 9):
 * a production start refuses missing or public secrets, the dev mailbox and
 * the CLI's demo keys do not exist there, /metrics needs its token, the
 * embedded auth has per-install secrets, and bodies are capped while they
 * stream.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config/mod.ts";
import { LOCAL_SERVICE_ROLE_KEY } from "../../local/keys.ts";
import { loadOrCreateLocalSecrets } from "../../local/secrets.ts";
import { createApp, createParts } from "../../app.ts";
import { buildApp, testConfig, unreachableDb } from "../support/app.ts";

const PROD_SECRET = "a-production-secret-that-is-long-enough-0123456789";
const PROD_ENV = {
  APP_ENV: "production",
  PUBLIC_URL: "https://myhibachi.example",
  SMTP_URL: "smtp://127.0.0.1:9",
  SUPABASE_JWT_SECRET: PROD_SECRET,
  SUPABASE_ANON_KEY: null,
  SUPABASE_SERVICE_ROLE_KEY: null,
};

Deno.test("a production start without SMTP_URL exits non-zero naming the variable", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("../../", import.meta.url).pathname,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? "",
      APP_ENV: "production",
      PUBLIC_URL: "https://myhibachi.example",
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.success, false);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.match(
    stderr,
    /^Configuration error: SMTP_URL: required in production/m,
  );
});

Deno.test("production refuses the CLI's demo secret and keys, and short secrets", () => {
  const base = {
    APP_ENV: "production",
    SMTP_URL: "smtp://mail.example:587",
  };
  const refused: [Record<string, string>, string][] = [
    [{
      SUPABASE_JWT_SECRET:
        "super-secret-jwt-token-with-at-least-32-characters-long",
    }, "SUPABASE_JWT_SECRET"],
    [{ SUPABASE_JWT_SECRET: "short" }, "SUPABASE_JWT_SECRET"],
    [{
      SUPABASE_JWT_SECRET: PROD_SECRET,
      SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
    }, "SUPABASE_SERVICE_ROLE_KEY"],
    [{ SUPABASE_ANON_KEY: "anything" }, "SUPABASE_ANON_KEY"],
  ];
  for (const [extra, variable] of refused) {
    assert.throws(
      () => loadConfig({ ...base, ...extra }),
      (err: Error & { variable?: string }) => err.variable === variable,
      JSON.stringify(extra),
    );
  }
  // Development keeps accepting the CLI's keys (supabase start setups).
  assert.equal(
    loadConfig({
      SUPABASE_JWT_SECRET:
        "super-secret-jwt-token-with-at-least-32-characters-long",
    }).profile,
    "development",
  );
  assert.equal(loadConfig({ ...base }).profile, "production");
});

Deno.test("production: no dev mailbox, demo service key refused by the auth admin API", async () => {
  const { handler } = await buildApp({
    env: PROD_ENV,
    db: await unreachableDb(),
  });
  const info = {
    remoteAddr: { hostname: "127.0.0.1", port: 1, transport: "tcp" as const },
    completed: Promise.resolve(),
  };
  const get = (path: string, init?: RequestInit) =>
    handler(new Request(`https://myhibachi.example${path}`, init), info);
  for (const path of ["/_dev/mailbox", "/_dev/mailbox.json"]) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
  const res = await get("/auth/v1/admin/generate_link", {
    method: "POST",
    headers: {
      apikey: LOCAL_SERVICE_ROLE_KEY,
      authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      type: "magiclink",
      email: "admin@myhibachi.example",
    }),
  });
  assert.equal(res.status, 401);
  const body = await res.text();
  assert.doesNotMatch(body, /hashed_token|action_link/);
  const home = await get("/");
  assert.match(
    home.headers.get("strict-transport-security") ?? "",
    /max-age=\d+/,
  );
  await home.body?.cancel();
});

Deno.test("/metrics: open in development, token-guarded or absent in production", async () => {
  const info = {
    remoteAddr: { hostname: "127.0.0.1", port: 1, transport: "tcp" as const },
    completed: Promise.resolve(),
  };
  const scrape = async (
    env: Record<string, string | null>,
    auth?: string,
  ) => {
    const { handler } = await buildApp({ env, db: await unreachableDb() });
    const res = await handler(
      new Request("https://myhibachi.example/metrics", {
        headers: auth ? { authorization: auth } : {},
      }),
      info,
    );
    await res.body?.cancel();
    return res.status;
  };
  assert.equal(await scrape({}), 200);
  assert.equal(await scrape(PROD_ENV), 404);
  const guarded = { ...PROD_ENV, METRICS_TOKEN: "scrape-me-0123456789" };
  assert.equal(await scrape(guarded), 401);
  assert.equal(await scrape(guarded, "Bearer wrong"), 401);
  assert.equal(await scrape(guarded, "Bearer scrape-me-0123456789"), 200);
});

Deno.test("embedded auth secrets are generated per install, kept owner-only, and stable", async () => {
  const a = await Deno.makeTempDir({ prefix: "secrets_a_" });
  const b = await Deno.makeTempDir({ prefix: "secrets_b_" });
  try {
    const now = new Date("2026-12-02T10:00:00Z");
    const first = await loadOrCreateLocalSecrets(a, now);
    const again = await loadOrCreateLocalSecrets(a, now);
    const other = await loadOrCreateLocalSecrets(b, now);
    assert.deepEqual(again, first);
    assert.notEqual(other.jwtSecret, first.jwtSecret);
    assert.ok(first.jwtSecret.length >= 32);
    assert.notEqual(
      first.jwtSecret,
      "super-secret-jwt-token-with-at-least-32-characters-long",
    );
    const mode = (await Deno.stat(`${a}/supabase-secrets.json`)).mode ?? 0;
    assert.equal(mode & 0o777, 0o600);
    const payload = JSON.parse(atob(first.anonKey.split(".")[1]));
    assert.equal(payload.role, "anon");
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

Deno.test("a 20 MB chunked form is refused with 413 after reading only the cap", async () => {
  const { handler } = await buildApp({ env: {}, db: await unreachableDb() });
  let pulled = 0;
  const chunk = new TextEncoder().encode("x=".padEnd(64 * 1024, "a"));
  const total = 20 * 1024 * 1024;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  for (const path of ["/book", "/logout", "/login"]) {
    pulled = 0;
    const res = await handler(
      new Request(`https://myhibachi.test${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: path === "/book" ? body : new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= total) return controller.close();
            pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      }),
      {
        remoteAddr: { hostname: "127.0.0.1", port: 1, transport: "tcp" },
        completed: Promise.resolve(),
      },
    );
    assert.equal(res.status, 413, path);
    await res.body?.cancel();
    // Streaming stops at the cap: far less than the 20 MB offered was read.
    assert.ok(pulled <= 1024 * 1024, `${path}: read ${pulled} bytes`);
  }
});

Deno.test("the production profile never runs the framework's development mode (error overlay, code frames)", async () => {
  const appConfig = async (env: Record<string, string | null>) =>
    await createApp(
      await createParts(testConfig(env), { db: await unreachableDb() }),
    );
  assert.equal((await appConfig(PROD_ENV)).dev, false);
  // development leaves it to the entry point (dev.ts: on; tests: off)
  assert.equal((await appConfig({})).dev, undefined);
});
