/** The configuration module: defaults, profiles, one-line errors, README table. */
import assert from "node:assert/strict";
import {
  CONFIG_VARIABLES,
  ConfigError,
  loadConfig,
} from "../../lib/config/mod.ts";

Deno.test("config: an empty environment is the embedded development default", () => {
  const c = loadConfig({});
  assert.equal(c.profile, "development");
  assert.equal(c.port, 8000);
  assert.equal(c.publicUrl, null);
  assert.equal(c.databaseUrl, null);
  assert.equal(c.dataDir, ".data");
  assert.equal(c.supabase.url, null);
  assert.equal(c.trustProxy, 0);
  assert.equal(c.jobs, true);
  assert.equal(c.availabilityCacheMs, 1000);
  assert.equal(c.logLevel, "info");
  assert.ok(c.rateLimits.get("bookings"), "built-in limits apply");
  assert.equal(c.rateLimitsOff, false);
});

Deno.test("config: the production profile", () => {
  const smtp = { SMTP_URL: "smtp://mail.example:587" };
  assert.equal(
    loadConfig({ APP_ENV: "production", ...smtp }).profile,
    "production",
  );
  assert.equal(
    loadConfig({ PUBLIC_URL: "https://myhibachi.example", ...smtp }).profile,
    "production",
  );
  for (const local of ["http://127.0.0.1:8123", "http://localhost:8000"]) {
    assert.equal(loadConfig({ PUBLIC_URL: local }).profile, "development");
  }
  assert.equal(
    loadConfig({
      APP_ENV: "development",
      PUBLIC_URL: "https://myhibachi.example",
    }).profile,
    "development",
  );
});

Deno.test("config: values are parsed and trailing slashes dropped", () => {
  const c = loadConfig({
    PORT: "9001",
    PUBLIC_URL: "https://myhibachi.example/",
    SMTP_URL: "smtp://mail.example:587",
    TRUST_PROXY: "2",
    JOBS: "off",
    RATE_LIMITS: "off",
    LOG_LEVEL: "WARN",
    AVAILABILITY_CACHE_MS: "0",
    SUPABASE_URL: "https://abc.supabase.co",
    SUPABASE_ANON_KEY: "anon",
  });
  assert.equal(c.port, 9001);
  assert.equal(c.publicUrl, "https://myhibachi.example");
  assert.equal(c.trustProxy, 2);
  assert.equal(c.jobs, false);
  assert.equal(c.rateLimits.size, 0);
  assert.equal(c.rateLimitsOff, true);
  assert.equal(c.logLevel, "warn");
  assert.equal(c.availabilityCacheMs, 0);
  assert.equal(c.supabase.url, "https://abc.supabase.co");
  // The older boolean spelling still means one proxy.
  assert.equal(loadConfig({ TRUST_PROXY: "true" }).trustProxy, 1);
});

Deno.test("config: a bad value is one line naming its variable", () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
    [{ DATABASE_URL: "ftp://x" }, "DATABASE_URL"],
    [{ TRUST_PROXY: "-1" }, "TRUST_PROXY"],
    [{ RATE_LIMITS: "quote=lots" }, "RATE_LIMITS"],
    [{ LOG_LEVEL: "chatty" }, "LOG_LEVEL"],
    [{ APP_ENV: "staging" }, "APP_ENV"],
    [{ JOBS_INTERVAL_MS: "5" }, "JOBS_INTERVAL_MS"],
    [{ SUPABASE_URL: "https://abc.supabase.co" }, "SUPABASE_ANON_KEY"],
    [{ TWILIO_ACCOUNT_SID: "AC123" }, "TWILIO_AUTH_TOKEN"],
    [{ TWILIO_ACCOUNT_SID: "AC123", TWILIO_AUTH_TOKEN: "t" }, "TWILIO_FROM"],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError, JSON.stringify(env));
        assert.equal(err.variable, variable);
        assert.ok(err.message.startsWith(`${variable}: `), err.message);
        assert.ok(!err.message.includes("\n"), err.message);
        return true;
      },
    );
  }
});

Deno.test("config: the README's variable table lists exactly the variables the app reads", async () => {
  const readme = await Deno.readTextFile(
    new URL("../../README.md", import.meta.url),
  );
  const documented = new Set(
    [...readme.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]),
  );
  const read = new Set(CONFIG_VARIABLES.map((v) => v.name));
  assert.deepEqual([...documented].sort(), [...read].sort());
});
