/**
 * Pure parts of the auth stand-in: hashes, PKCE, redirect globs, error
 * shapes, config.toml reading, token verification, the mailbox.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { SignJWT } from "jose";
import {
  AccessTokenVerifier,
  verifyAccessToken,
  verifyAccessTokenDetailed,
} from "../../lib/auth/verify.ts";
import {
  authOptionsFromToml,
  durationSeconds,
} from "../../local/auth/config_toml.ts";
import {
  generateOtp,
  randomToken,
  s256Challenge,
  tokenHash,
  verifierMatches,
} from "../../local/auth/crypto.ts";
import { AuthError, errorResponse } from "../../local/auth/errors.ts";
import {
  globToRegExp,
  isRedirectAllowed,
  resolveRedirect,
} from "../../local/auth/redirect.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { extractLinks, Mailbox } from "../../local/mail/mailbox.ts";
import { escapeHtml } from "../../lib/text/escape.ts";

Deno.test("token hash is hex SHA-224 of email+otp (independent vector)", () => {
  assert.equal(
    tokenHash("chef1@myhibachi.example", "123456"),
    "1d4a86f644eb5d6fd76a26573c7095a15eb901b0185ca6b6fd593eea",
  );
});

Deno.test("PKCE S256 matches RFC 7636 appendix B; plain compares verbatim", () => {
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  assert.equal(s256Challenge(verifier), challenge);
  assert.ok(verifierMatches(verifier, challenge, "s256"));
  assert.ok(!verifierMatches(verifier + "x", challenge, "s256"));
  assert.ok(verifierMatches(verifier, verifier, "plain"));
  assert.ok(!verifierMatches(verifier, challenge, "plain"));
});

Deno.test("OTPs are the requested number of digits; refresh tokens alphanumeric", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 }), (n) => {
      const otp = generateOtp(n);
      return otp.length === n && /^\d+$/.test(otp);
    }),
  );
  const tokens = new Set(Array.from({ length: 200 }, () => randomToken(24)));
  assert.equal(tokens.size, 200);
  for (const t of tokens) assert.match(t, /^[A-Za-z0-9]{24}$/);
});

Deno.test("redirect allow-list: site host, loopback, globs; everything else → site URL", () => {
  const policy = {
    siteUrl: "https://myhibachi.example",
    allowList: [
      "https://*.myhibachi.example/auth/*",
      "https://preview.example/**",
    ],
  };
  assert.ok(
    isRedirectAllowed("https://myhibachi.example/anything?x=1", policy),
  );
  assert.ok(isRedirectAllowed("http://localhost:3000/cb", policy));
  assert.ok(isRedirectAllowed("http://127.0.0.1:8000/auth/callback", policy));
  assert.ok(
    isRedirectAllowed("https://staff.myhibachi.example/auth/callback", policy),
  );
  assert.ok(
    !isRedirectAllowed("https://a.b.myhibachi.example/auth/callback", policy),
    "* stops at dots",
  );
  assert.ok(
    !isRedirectAllowed("https://staff.myhibachi.example/auth/a/b", policy),
    "* stops at slashes",
  );
  assert.ok(
    isRedirectAllowed("https://preview.example/a/b/c", policy),
    "** crosses separators",
  );
  assert.ok(
    !isRedirectAllowed(
      "https://evil.example/?https://myhibachi.example",
      policy,
    ),
  );
  assert.ok(
    !isRedirectAllowed("https://myhibachi.example.evil.example/", policy),
  );
  assert.ok(!isRedirectAllowed("javascript:alert(1)", policy));
  assert.ok(!isRedirectAllowed("not a url", policy));
  assert.equal(
    resolveRedirect("https://evil.example/", policy),
    policy.siteUrl,
  );
  assert.equal(resolveRedirect(null, policy), policy.siteUrl);
  assert.ok(
    globToRegExp("https://{a,b}.example/x").test("https://b.example/x"),
  );
});

Deno.test("error bodies: {code,message} + echoed header for 2024-01-01, legacy otherwise", async () => {
  const error = new AuthError(
    403,
    "otp_expired",
    "Token has expired or is invalid",
  );
  const modern = errorResponse(
    error,
    new Request("http://x/", {
      headers: { "X-Supabase-Api-Version": "2024-01-01" },
    }),
  );
  assert.equal(modern.status, 403);
  assert.equal(modern.headers.get("x-supabase-api-version"), "2024-01-01");
  assert.deepEqual(await modern.json(), {
    code: "otp_expired",
    message: "Token has expired or is invalid",
  });
  const legacy = errorResponse(error, new Request("http://x/"));
  assert.equal(legacy.headers.get("x-supabase-api-version"), null);
  assert.deepEqual(await legacy.json(), {
    code: 403,
    error_code: "otp_expired",
    msg: "Token has expired or is invalid",
  });
});

Deno.test("config.toml: the repo's [auth] settings are read", async () => {
  const options = authOptionsFromToml(
    await Deno.readTextFile("supabase/config.toml"),
  );
  assert.equal(options.siteUrl, "http://127.0.0.1:8000");
  assert.ok(
    options.redirectAllowList?.includes("http://127.0.0.1:8000/auth/callback"),
  );
  assert.equal(options.jwtExpiry, 3600);
  assert.equal(options.refreshTokenReuseInterval, 10);
  assert.equal(options.emailMaxFrequency, 1);
  assert.equal(options.otpLength, 6);
  assert.equal(durationSeconds("1m30s"), 90);
  const off = authOptionsFromToml(
    '[auth]\nenable_signup = false # no\n[auth.email]\nmax_frequency = "60s"\n',
  );
  assert.equal(off.disableSignup, true);
  assert.equal(off.emailMaxFrequency, 60);
  assert.equal(off.emailEnabled, undefined, "[auth] only refuses new users");
});

Deno.test("config.toml: parsed as full TOML (smol-toml), CLI switches mapped", () => {
  const options = authOptionsFromToml(`
[auth]
site_url = 'http://example.test' # literal string
additional_redirect_urls = [
  "http://a.test/**", # comment inside an array
  """http://b.test/cb""",
]
enable_refresh_token_rotation = false
minimum_password_length = 8

[auth.email]
enable_signup = false
enable_confirmations = true
max_frequency = "1m0s"
`);
  assert.equal(options.siteUrl, "http://example.test");
  assert.deepEqual(options.redirectAllowList, [
    "http://a.test/**",
    "http://b.test/cb",
  ]);
  assert.equal(options.refreshTokenRotation, false);
  assert.equal(options.minimumPasswordLength, 8);
  assert.equal(options.emailEnabled, false);
  assert.equal(options.autoconfirm, false);
  assert.equal(options.emailMaxFrequency, 60);
  assert.equal("jwtExpiry" in options, false, "absent keys are left out");
  assert.throws(() => authOptionsFromToml("[auth\nsite_url = 1"));
});

Deno.test("local keys are the CLI's: HS256 with the local secret, roles anon/service_role", async () => {
  const anon = await verifyAccessToken(LOCAL_ANON_KEY, LOCAL_JWT_SECRET);
  assert.deepEqual(anon, {
    iss: "supabase-demo",
    role: "anon",
    exp: 1983812996,
  });
  const service = await verifyAccessToken(
    LOCAL_SERVICE_ROLE_KEY,
    LOCAL_JWT_SECRET,
  );
  assert.equal(service?.role, "service_role");
  assert.ok(
    LOCAL_ANON_KEY.endsWith("CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0"),
  );
});

Deno.test("verifyAccessToken refuses forged, alg:none, expired and role-less tokens", async () => {
  const key = new TextEncoder().encode(LOCAL_JWT_SECRET);
  const now = Math.floor(Date.now() / 1000);
  const good = await new SignJWT({
    sub: "u",
    role: "authenticated",
    exp: now + 60,
  })
    .setProtectedHeader({ alg: "HS256" }).sign(key);
  assert.equal((await verifyAccessToken(good, LOCAL_JWT_SECRET))?.sub, "u");

  const forged = await new SignJWT({
    sub: "u",
    role: "service_role",
    exp: now + 60,
  })
    .setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode("x".repeat(40)));
  const forgedResult = await verifyAccessTokenDetailed(
    forged,
    LOCAL_JWT_SECRET,
  );
  assert.deepEqual(forgedResult.ok ? null : forgedResult.reason, "signature");

  const [, payload] = good.split(".");
  const none = `${
    btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "")
  }.${payload}.`;
  assert.equal(await verifyAccessToken(none, LOCAL_JWT_SECRET), null);

  const later = new Date((now + 120) * 1000);
  const expired = await verifyAccessTokenDetailed(good, LOCAL_JWT_SECRET, {
    now: later,
  });
  assert.deepEqual(expired.ok ? null : expired.reason, "expired");

  const roleless = await new SignJWT({ sub: "u" }).setProtectedHeader({
    alg: "HS256",
  }).sign(key);
  assert.equal(await verifyAccessToken(roleless, LOCAL_JWT_SECRET), null);
  assert.equal(await verifyAccessToken("garbage", LOCAL_JWT_SECRET), null);
  assert.equal(await verifyAccessToken(good, ""), null);
});

Deno.test("AccessTokenVerifier keeps verified tokens but refuses them from exp on, and never keeps a refusal", async () => {
  const key = new TextEncoder().encode(LOCAL_JWT_SECRET);
  const t0 = new Date("2026-12-02T12:00:00Z");
  const s0 = t0.getTime() / 1000;
  const sign = (claims: Record<string, unknown>, k = key) =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(k);
  const verifier = new AccessTokenVerifier(LOCAL_JWT_SECRET, { maxEntries: 2 });
  const good = await sign({ sub: "u", role: "authenticated", exp: s0 + 60 });

  const first = await verifier.verify(good, t0);
  assert.equal(first?.sub, "u");
  // The second answer is the kept one, refused once exp is reached.
  assert.equal(await verifier.verify(good, t0), first);
  assert.equal(await verifier.verify(good, new Date((s0 + 59) * 1000)), first);
  assert.equal(await verifier.verify(good, new Date((s0 + 60) * 1000)), null);
  assert.equal(await verifier.verify(good, t0), first);

  // Not yet valid (nbf) and expired tokens are refused, now and later.
  const early = await sign({ sub: "e", role: "authenticated", nbf: s0 + 30 });
  assert.equal(await verifier.verify(early, t0), null);
  assert.equal(
    (await verifier.verify(early, new Date((s0 + 30) * 1000)))?.sub,
    "e",
  );
  assert.equal(await verifier.verify(early, t0), null);

  const forged = await sign(
    { sub: "f", role: "service_role", exp: s0 + 60 },
    new TextEncoder().encode("x".repeat(40)),
  );
  assert.equal(await verifier.verify(forged, t0), null);
  assert.equal(await verifier.verify(forged, t0), null);
  const roleless = await sign({ sub: "r", exp: s0 + 60 });
  assert.equal(await verifier.verify(roleless, t0), null);
  assert.equal(await verifier.verify("garbage", t0), null);

  // Kept claims cannot be changed by one request for the next.
  assert.throws(() => {
    (first as Record<string, unknown>).role = "service_role";
  });
  // Without a secret nothing verifies, kept or not.
  assert.equal(await new AccessTokenVerifier("").verify(good, t0), null);
});

Deno.test("mailbox: newest first, bounded, filtered by recipient, links extracted", async () => {
  const box = new Mailbox({ capacity: 3 });
  for (let i = 1; i <= 5; i++) {
    await box.send({
      to: i % 2 ? "A@example.com" : "b@example.com",
      subject: `m${i}`,
      text: `see https://x.example/${i}`,
      html: `<a href="https://x.example/${i}?a=1&amp;b=2">go</a>`,
    });
  }
  assert.deepEqual(box.list().map((m) => m.subject), ["m5", "m4", "m3"]);
  assert.deepEqual(box.list("a@example.com").map((m) => m.subject), [
    "m5",
    "m3",
  ]);
  assert.deepEqual(box.list()[0].links, [
    "https://x.example/5?a=1&b=2",
    "https://x.example/5",
  ]);
  assert.deepEqual(extractLinks("", "no links here"), []);
  box.clear();
  assert.equal(box.list().length, 0);
  assert.equal(
    escapeHtml(`<a href="x">'&`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;",
  );
});
