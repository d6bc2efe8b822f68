/**
 * The auth stand-in driven by the unmodified @supabase/supabase-js client
 * over real HTTP, on a fresh database.
 */
import assert from "node:assert/strict";
import {
  authClient,
  CALLBACK,
  followLink,
  otpFrom,
  startAuthServer,
  uniqueEmail,
} from "./support.ts";

Deno.test("magic link with PKCE: mail link → ?code= → exchangeCodeForSession → getUser", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "pkce",
    });
    const email = uniqueEmail("pkce");
    const { error } = await supabase.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: CALLBACK },
    });
    assert.equal(error, null);

    const [mail] = await server.mail(email);
    assert.ok(mail, "a mail was delivered");
    assert.equal(mail.to, email);
    const link = new URL(mail.links[0]);
    assert.equal(link.origin + link.pathname, `${server.url}/auth/v1/verify`);
    assert.equal(link.searchParams.get("type"), "magiclink");
    assert.equal(link.searchParams.get("redirect_to"), CALLBACK);
    assert.match(link.searchParams.get("token")!, /^pkce_[0-9a-f]{56}$/);

    const target = await followLink(link.href);
    assert.equal(target.origin + target.pathname, CALLBACK);
    const code = target.searchParams.get("code");
    assert.ok(code, "redirect carries ?code=");
    assert.equal(target.hash, "", "no tokens in the fragment in PKCE flow");

    const exchanged = await supabase.auth.exchangeCodeForSession(code);
    assert.equal(exchanged.error, null);
    const session = exchanged.data.session!;
    assert.equal(session.user.email, email);
    assert.equal(session.token_type, "bearer");
    assert.equal(session.expires_in, 3600);

    const { data, error: userError } = await supabase.auth.getUser();
    assert.equal(userError, null);
    assert.equal(data.user!.email, email);
    assert.ok(data.user!.email_confirmed_at, "the link confirmed the email");
    assert.deepEqual(data.user!.app_metadata.providers, ["email"]);

    // The code is single use.
    const again = await fetch(`${server.url}/auth/v1/token?grant_type=pkce`, {
      method: "POST",
      headers: {
        apikey: server.anonKey,
        "content-type": "application/json",
        "x-supabase-api-version": "2024-01-01",
      },
      body: JSON.stringify({ auth_code: code, code_verifier: "x".repeat(64) }),
    });
    assert.equal(again.status, 404);
    assert.equal((await again.json()).code, "flow_state_not_found");

    // The link is single use too: a second click redirects with an error.
    const reused = await followLink(link.href);
    assert.equal(reused.searchParams.get("error_code"), "otp_expired");
    assert.match(reused.hash, /error_code=otp_expired/);
  } finally {
    await server.close();
  }
});

Deno.test("PKCE: a wrong code verifier is refused with bad_code_verifier", async () => {
  const server = await startAuthServer();
  try {
    const email = uniqueEmail("verifier");
    await authClient(server.url, server.anonKey, { flowType: "pkce" }).auth
      .signInWithOtp({
        email,
        options: { emailRedirectTo: CALLBACK },
      });
    const [mail] = await server.mail(email);
    const code = (await followLink(mail.links[0])).searchParams.get("code")!;
    // A different client has a different (or no) stored verifier.
    const thief = authClient(server.url, server.anonKey, { flowType: "pkce" });
    const res = await fetch(`${server.url}/auth/v1/token?grant_type=pkce`, {
      method: "POST",
      headers: {
        apikey: server.anonKey,
        "content-type": "application/json",
        "x-supabase-api-version": "2024-01-01",
      },
      body: JSON.stringify({ auth_code: code, code_verifier: "a".repeat(56) }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("x-supabase-api-version"), "2024-01-01");
    assert.deepEqual(await res.json(), {
      code: "bad_code_verifier",
      message: "code challenge does not match previously saved code verifier",
    });
    const { error } = await thief.auth.exchangeCodeForSession(code);
    assert.ok(error, "exchange without the verifier fails");
  } finally {
    await server.close();
  }
});

Deno.test("verifyOtp with the 6-digit code from the mail (implicit flow)", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "implicit",
    });
    const email = uniqueEmail("otp");
    assert.equal(
      (await supabase.auth.signInWithOtp({ email })).error,
      null,
    );
    const [mail] = await server.mail(email);
    const code = otpFrom(mail);

    const wrong = await supabase.auth.verifyOtp({
      email,
      token: code === "000000" ? "111111" : "000000",
      type: "email",
    });
    assert.equal(wrong.error?.status, 403);
    assert.equal(wrong.error?.code, "otp_expired");

    const { data, error } = await supabase.auth.verifyOtp({
      email,
      token: code,
      type: "email",
    });
    assert.equal(error, null);
    assert.equal(data.session!.user.email, email);
    const user = await supabase.auth.getUser();
    assert.equal(user.data.user!.id, data.user!.id);
  } finally {
    await server.close();
  }
});

Deno.test("implicit email link puts the session in the fragment", async () => {
  const server = await startAuthServer();
  try {
    const email = uniqueEmail("implicit");
    await authClient(server.url, server.anonKey, { flowType: "implicit" }).auth
      .signInWithOtp({
        email,
        options: { emailRedirectTo: `${CALLBACK}?next=/admin` },
      });
    const [mail] = await server.mail(email);
    const target = await followLink(mail.links[0]);
    assert.equal(target.searchParams.get("next"), "/admin");
    const fragment = new URLSearchParams(target.hash.slice(1));
    assert.equal(fragment.get("token_type"), "bearer");
    assert.equal(fragment.get("type"), "magiclink");
    assert.equal(fragment.get("expires_in"), "3600");
    assert.ok(fragment.get("refresh_token"));
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "implicit",
    });
    const { data, error } = await supabase.auth.getUser(
      fragment.get("access_token")!,
    );
    assert.equal(error, null);
    assert.equal(data.user!.email, email);
  } finally {
    await server.close();
  }
});

Deno.test("redirect_to outside the allow-list falls back to the site URL", async () => {
  const server = await startAuthServer();
  try {
    const email = uniqueEmail("redirect");
    await authClient(server.url, server.anonKey, { flowType: "pkce" }).auth
      .signInWithOtp({
        email,
        options: { emailRedirectTo: "https://evil.example/steal" },
      });
    const [mail] = await server.mail(email);
    const target = await followLink(mail.links[0]);
    assert.equal(target.origin, "http://127.0.0.1:8000");
    assert.equal(target.pathname, "/");
    assert.ok(target.searchParams.get("code"));
  } finally {
    await server.close();
  }
});

Deno.test("create_user=false refuses unknown emails with otp_disabled", async () => {
  const server = await startAuthServer();
  try {
    const { error } = await authClient(server.url, server.anonKey, {
      flowType: "pkce",
    }).auth
      .signInWithOtp({
        email: uniqueEmail("nobody"),
        options: { shouldCreateUser: false },
      });
    assert.equal(error?.status, 422);
    assert.equal(error?.code, "otp_disabled");
    assert.equal(server.mailbox.list().length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("signOut ends the session: getUser with the old token fails", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "implicit",
    });
    const email = uniqueEmail("signout");
    await supabase.auth.signInWithOtp({ email });
    const [mail] = await server.mail(email);
    const session = (await supabase.auth.verifyOtp({
      email,
      token: otpFrom(mail),
      type: "email",
    })).data.session!;
    assert.equal((await supabase.auth.signOut()).error, null);

    const other = authClient(server.url, server.anonKey, {
      flowType: "implicit",
    });
    const { data, error } = await other.auth.getUser(session.access_token);
    assert.equal(data.user, null);
    assert.equal(error?.name, "AuthSessionMissingError");
    const refreshed = await other.auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    assert.equal(refreshed.error?.code, "refresh_token_not_found");
  } finally {
    await server.close();
  }
});

Deno.test("OTP send rate limit per email: 429 over_email_send_rate_limit", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "pkce",
    });
    const email = uniqueEmail("ratelimit");
    assert.equal((await supabase.auth.signInWithOtp({ email })).error, null);
    const second = await supabase.auth.signInWithOtp({ email });
    assert.equal(second.error?.status, 429);
    assert.equal(second.error?.code, "over_email_send_rate_limit");
    assert.match(second.error!.message, /after \d+ seconds/);
    assert.equal((await server.mail(email)).length, 1);
    // Another address is not affected; the same one is after the interval.
    assert.equal(
      (await supabase.auth.signInWithOtp({ email: uniqueEmail("other") }))
        .error,
      null,
    );
    server.advance(61);
    assert.equal((await supabase.auth.signInWithOtp({ email })).error, null);
    assert.equal((await server.mail(email)).length, 2);
  } finally {
    await server.close();
  }
});
