/**
 * Auth redirects in production (issue 9 §2): sign-in links never carry their
 * code to a loopback address, a foreign origin or a plain-http twin of the
 * site; development keeps GoTrue's "any loopback target" convenience.
 * `AUTH_SITE_URL` must be the app's own origin in production.
 */
import assert from "node:assert/strict";
import {
  isRedirectAllowed,
  type RedirectPolicy,
} from "../../local/auth/redirect.ts";
import { ConfigError, loadConfig } from "../../lib/config/mod.ts";
import { startApp, type TestApp } from "../support/app.ts";

const PROD_SECRET = "prod-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

Deno.test("redirect policy: production refuses loopback, foreign and http-twin targets", () => {
  const dev: RedirectPolicy = {
    siteUrl: "https://myhibachi.example",
    allowList: [
      "http://localhost:8000/auth/callback",
      "https://myhibachi.example/**",
      "https://preview.example/**",
    ],
  };
  const prod: RedirectPolicy = { ...dev, allowLoopback: false };
  const cases: [string, boolean, boolean][] = [
    // target, development, production
    ["https://myhibachi.example/auth/callback?next=/admin", true, true],
    ["http://myhibachi.example/auth/callback", true, false],
    ["https://myhibachi.example:8443/auth/callback", true, false],
    ["http://localhost:8000/auth/callback", true, false],
    ["http://localhost:3000/steal", true, false],
    ["http://127.0.0.1:8000/auth/callback", true, false],
    ["http://127.9.9.9/x", true, false],
    ["http://[::1]:8000/x", true, false],
    ["http://evil.localhost/x", true, false],
    ["https://evil.example/auth/callback", false, false],
    ["https://myhibachi.example.evil.example/x", false, false],
    ["https://preview.example/a/b", true, true],
    ["javascript:alert(1)", false, false],
    ["https://user:pw@myhibachi.example/", false, false],
  ];
  for (const [target, inDev, inProd] of cases) {
    assert.equal(isRedirectAllowed(target, dev), inDev, `dev ${target}`);
    assert.equal(isRedirectAllowed(target, prod), inProd, `prod ${target}`);
  }
});

Deno.test("AUTH_SITE_URL: the app's own origin only, in production", () => {
  const prod = {
    APP_ENV: "production",
    PUBLIC_URL: "https://myhibachi.example",
    SMTP_URL: "smtp://mail.example:587",
  };
  for (
    const site of [
      "http://localhost:8000",
      "http://127.0.0.1:8000",
      "https://evil.example",
      "http://myhibachi.example",
    ]
  ) {
    assert.throws(
      () => loadConfig({ ...prod, AUTH_SITE_URL: site }),
      (err) => err instanceof ConfigError && /AUTH_SITE_URL/.test(err.message),
      site,
    );
  }
  assert.equal(
    loadConfig({ ...prod, AUTH_SITE_URL: "https://myhibachi.example/" })
      .authSiteUrl,
    "https://myhibachi.example",
  );
  const noPublic = { APP_ENV: "production", SMTP_URL: "smtp://m.example:587" };
  assert.throws(
    () => loadConfig({ ...noPublic, AUTH_SITE_URL: "http://localhost:8000" }),
    ConfigError,
  );
  // Development keeps loopback site URLs (supabase/config.toml's default).
  assert.equal(
    loadConfig({ AUTH_SITE_URL: "http://localhost:8000" }).authSiteUrl,
    "http://localhost:8000",
  );
});

/** POST /auth/v1/admin/generate_link with the app's own service key. */
async function linkFor(app: TestApp, redirectTo: string): Promise<string> {
  const key = app.parts.supabase.serviceRoleKey;
  const res = await fetch(`${app.url}/auth/v1/admin/generate_link`, {
    method: "POST",
    headers: {
      apikey: key,
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      type: "magiclink",
      email: "admin@myhibachi.example",
      redirect_to: redirectTo,
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const action = new URL(body.action_link);
  assert.equal(action.searchParams.get("redirect_to"), body.redirect_to);
  return body.redirect_to;
}

Deno.test({
  name:
    "embedded auth: production links fall back to the site URL for loopback and foreign targets; development keeps loopback",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const prod = await startApp({
      serve: true,
      env: {
        APP_ENV: "production",
        SMTP_URL: "smtp://127.0.0.1:9",
        SUPABASE_URL: null,
        SUPABASE_JWT_SECRET: PROD_SECRET,
        SUPABASE_ANON_KEY: null,
        SUPABASE_SERVICE_ROLE_KEY: null,
        JOBS: "off",
      },
    });
    try {
      const site = prod.url;
      const own = `${site}/auth/callback?next=/admin`;
      assert.equal(await linkFor(prod, own), own);
      const port = new URL(site).port;
      for (
        const bad of [
          `http://localhost:${port}/auth/callback`,
          "http://localhost:3000/steal",
          `http://127.0.0.1:${Number(port) + 1}/auth/callback`,
          "https://evil.example/auth/callback",
        ]
      ) {
        assert.equal(await linkFor(prod, bad), site, bad);
      }
    } finally {
      await prod.dispose();
    }
    const dev = await startApp({
      serve: true,
      env: { SUPABASE_URL: null, JOBS: "off" },
    });
    try {
      assert.equal(
        await linkFor(dev, "http://localhost:3000/cb"),
        "http://localhost:3000/cb",
      );
      assert.equal(
        await linkFor(dev, "https://evil.example/cb"),
        dev.url,
      );
    } finally {
      await dev.dispose();
    }
  },
});
