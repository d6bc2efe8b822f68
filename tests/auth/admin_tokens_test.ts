/**
 * Admin endpoints (service_role only) and access-token checks over HTTP with
 * the unmodified supabase-js client.
 */
import assert from "node:assert/strict";
import { decodeJwt, SignJWT } from "jose";
import {
  authClient,
  CALLBACK,
  followLink,
  otpFrom,
  startAuthServer,
  uniqueEmail,
} from "./support.ts";

Deno.test("generate_link, invite and createUser need the service_role key", async () => {
  const server = await startAuthServer();
  try {
    const anon = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const email = uniqueEmail("admin");
    const link = await anon.auth.admin.generateLink({
      type: "magiclink",
      email,
    });
    assert.equal(link.error?.status, 403);
    assert.equal(link.error?.code, "not_admin");
    const invite = await anon.auth.admin.inviteUserByEmail(email);
    assert.equal(invite.error?.code, "not_admin");
    const created = await anon.auth.admin.createUser({ email });
    assert.equal(created.error?.code, "not_admin");
    assert.equal(server.mailbox.list().length, 0);

    // A signed-in user's token is not enough either.
    const service = authClient(server.url, server.serviceKey, {
      persistSession: false,
    });
    const generated = await service.auth.admin.generateLink({
      type: "magiclink",
      email,
    });
    assert.equal(generated.error, null);
    const session = await anon.auth.verifyOtp({
      token_hash: generated.data.properties!.hashed_token,
      type: "email",
    });
    assert.equal(session.error, null);
    const asUser = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const res = await fetch(`${server.url}/auth/v1/admin/users`, {
      headers: {
        apikey: server.anonKey,
        authorization: `Bearer ${session.data.session!.access_token}`,
        "x-supabase-api-version": "2024-01-01",
      },
    });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, "not_admin");
    await asUser.auth.signOut();
  } finally {
    await server.close();
  }
});

Deno.test("generate_link: unknown email becomes a signup link; verifyOtp(token_hash) signs in; no mail sent", async () => {
  const server = await startAuthServer();
  try {
    const service = authClient(server.url, server.serviceKey, {
      persistSession: false,
    });
    const email = uniqueEmail("gen");
    const { data, error } = await service.auth.admin.generateLink({
      type: "magiclink",
      email,
      options: { redirectTo: CALLBACK },
    });
    assert.equal(error, null);
    const props = data.properties!;
    assert.equal(props.verification_type, "signup");
    assert.equal(props.redirect_to, CALLBACK);
    assert.match(props.email_otp, /^\d{6}$/);
    assert.match(props.hashed_token, /^[0-9a-f]{56}$/);
    assert.equal(data.user!.email, email);
    assert.equal(data.user!.email_confirmed_at, undefined);
    assert.equal(server.mailbox.list().length, 0);

    // The SSR confirm route pattern: token_hash + type → session.
    const anon = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const verified = await anon.auth.verifyOtp({
      token_hash: props.hashed_token,
      type: "signup",
    });
    assert.equal(verified.error, null);
    assert.equal(verified.data.user!.email, email);
    assert.ok(verified.data.user!.email_confirmed_at);

    // token_hash together with email is refused, as GoTrue does.
    const mixed = await anon.auth.verifyOtp({
      token_hash: props.hashed_token,
      type: "signup",
      email,
    } as never);
    assert.equal(mixed.error?.code, "validation_failed");

    // A second magic link for the now-existing user keeps its type.
    const second = await service.auth.admin.generateLink({
      type: "magiclink",
      email,
    });
    assert.equal(second.data.properties!.verification_type, "magiclink");
    const recoveryUnknown = await service.auth.admin.generateLink({
      type: "recovery",
      email: uniqueEmail("ghost"),
    });
    assert.equal(recoveryUnknown.error?.status, 404);
    assert.equal(recoveryUnknown.error?.code, "user_not_found");
  } finally {
    await server.close();
  }
});

Deno.test("inviteUserByEmail mails an invite link that signs the user in", async () => {
  const server = await startAuthServer();
  try {
    const service = authClient(server.url, server.serviceKey, {
      persistSession: false,
    });
    const email = uniqueEmail("invite");
    const invited = await service.auth.admin.inviteUserByEmail(email, {
      data: { full_name: "Chef Kenji" },
      redirectTo: CALLBACK,
    });
    assert.equal(invited.error, null);
    assert.ok(invited.data.user!.invited_at);
    assert.equal(invited.data.user!.user_metadata.full_name, "Chef Kenji");

    const [mail] = await server.mail(email);
    assert.match(mail.subject, /invited/);
    const link = new URL(mail.links[0]);
    assert.equal(link.searchParams.get("type"), "invite");
    const target = await followLink(link.href);
    const fragment = new URLSearchParams(target.hash.slice(1));
    assert.equal(fragment.get("type"), "invite");
    const claims = decodeJwt(fragment.get("access_token")!);
    assert.equal(claims.email, email);
    assert.deepEqual(
      (claims.amr as { method: string }[]).map((a) => a.method),
      ["otp"],
    );

    // A confirmed user cannot be invited again.
    const again = await service.auth.admin.inviteUserByEmail(email);
    assert.equal(again.error?.status, 422);
    assert.equal(again.error?.code, "email_exists");
  } finally {
    await server.close();
  }
});

Deno.test("admin createUser, duplicate email, password sign-in, list, ban, delete", async () => {
  const server = await startAuthServer();
  try {
    const service = authClient(server.url, server.serviceKey, {
      persistSession: false,
    });
    const email = uniqueEmail("create");
    const created = await service.auth.admin.createUser({
      email,
      password: "hibachi-secret",
      email_confirm: true,
      user_metadata: { full_name: "Admin" },
      app_metadata: { staff_role: "admin" },
    });
    assert.equal(created.error, null);
    const user = created.data.user!;
    assert.ok(user.email_confirmed_at);
    assert.equal(user.app_metadata.staff_role, "admin");
    assert.equal(user.app_metadata.provider, "email");
    assert.equal(user.identities?.length, 1);

    const dup = await service.auth.admin.createUser({ email });
    assert.equal(dup.error?.status, 422);
    assert.equal(dup.error?.code, "email_exists");

    const anon = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const wrong = await anon.auth.signInWithPassword({
      email,
      password: "nope-nope",
    });
    assert.equal(wrong.error?.code, "invalid_credentials");
    const signedIn = await anon.auth.signInWithPassword({
      email,
      password: "hibachi-secret",
    });
    assert.equal(signedIn.error, null);
    assert.equal(
      decodeJwt(signedIn.data.session!.access_token).app_metadata !== undefined,
      true,
    );

    const list = await service.auth.admin.listUsers();
    assert.ok(list.data.users.some((u) => u.id === user.id));
    const fetched = await service.auth.admin.getUserById(user.id);
    assert.equal(fetched.data.user!.email, email);

    // Banning ends the sessions at once.
    const banned = await service.auth.admin.updateUserById(user.id, {
      ban_duration: "24h",
    });
    assert.equal(banned.error, null);
    const afterBan = await anon.auth.getUser(
      signedIn.data.session!.access_token,
    );
    assert.equal(afterBan.error?.name, "AuthSessionMissingError");

    const deleted = await service.auth.admin.deleteUser(user.id);
    assert.equal(deleted.error, null);
    const gone = await service.auth.admin.getUserById(user.id);
    assert.equal(gone.error?.status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("access tokens: GoTrue claims; forged and expired tokens refused with bad_jwt", async () => {
  const server = await startAuthServer();
  try {
    const anon = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const email = uniqueEmail("claims");
    await anon.auth.signInWithOtp({ email });
    const [mail] = await server.mail(email);
    const session = (await anon.auth.verifyOtp({
      email,
      token: otpFrom(mail),
      type: "email",
    })).data
      .session!;
    const claims = decodeJwt(session.access_token);
    assert.equal(claims.iss, `${server.url}/auth/v1`);
    assert.equal(claims.aud, "authenticated");
    assert.equal(claims.role, "authenticated");
    assert.equal(claims.sub, session.user.id);
    assert.equal(claims.email, email);
    assert.equal(claims.phone, "");
    assert.equal(claims.aal, "aal1");
    assert.equal(claims.is_anonymous, false);
    assert.equal(claims.exp! - claims.iat!, 3600);
    assert.equal(typeof claims.session_id, "string");
    assert.deepEqual(
      (claims.amr as { method: string }[]).map((a) => a.method),
      ["otp"],
    );

    const forged = await new SignJWT({
      ...claims,
      email: "mallory@example.com",
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(
        new TextEncoder().encode("not-the-secret-but-at-least-32-characters"),
      );
    const forgedUser = await anon.auth.getUser(forged);
    assert.equal(forgedUser.error?.status, 403);
    assert.equal(forgedUser.error?.code, "bad_jwt");

    const legacy = await fetch(`${server.url}/auth/v1/user`, {
      headers: { apikey: server.anonKey, authorization: `Bearer ${forged}` },
    });
    assert.equal(legacy.status, 403);
    assert.equal((await legacy.json()).error_code, "bad_jwt");

    const noBearer = await fetch(`${server.url}/auth/v1/user`, {
      headers: {
        authorization: "Basic x",
        apikey: server.anonKey,
        "x-supabase-api-version": "2024-01-01",
      },
    });
    assert.equal(
      noBearer.status,
      403,
      "the apikey stands in for a missing bearer, and has no sub",
    );
    assert.equal((await noBearer.json()).code, "bad_jwt");

    server.advance(3601);
    const expired = await anon.auth.getUser(session.access_token);
    assert.equal(expired.error?.status, 403);
    assert.equal(expired.error?.code, "bad_jwt");
    assert.match(expired.error!.message, /expired/);
    // The refresh token still works and yields a fresh access token.
    const refreshed = await anon.auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    assert.equal(refreshed.error, null);
    assert.equal(
      (await anon.auth.getUser(refreshed.data.session!.access_token)).data.user!
        .email,
      email,
    );
  } finally {
    await server.close();
  }
});

Deno.test("malformed bodies are 4xx, never 5xx", async () => {
  const server = await startAuthServer();
  try {
    const post = (path: string, body: string) =>
      fetch(`${server.url}/auth/v1${path}`, {
        method: "POST",
        headers: { apikey: server.anonKey, "content-type": "application/json" },
        body,
      });
    for (
      const [path, body] of [
        ["/otp", "{not json"],
        ["/otp", "[]"],
        ["/otp", JSON.stringify({ email: 42 })],
        ["/otp", JSON.stringify({ email: "nope" })],
        [
          "/otp",
          JSON.stringify({
            email: "a@b.co",
            code_challenge: "short",
            code_challenge_method: "s256",
          }),
        ],
        ["/verify", JSON.stringify({ type: "bogus", token_hash: "x" })],
        ["/verify", JSON.stringify({ type: "email" })],
        ["/token?grant_type=pkce", JSON.stringify({ auth_code: "x" })],
        [
          "/token?grant_type=refresh_token",
          JSON.stringify({ refresh_token: "missing" }),
        ],
        ["/token?grant_type=nope", "{}"],
        ["/otp", JSON.stringify({ email: "a@b.co", data: "x".repeat(70_000) })],
      ]
    ) {
      const res = await post(path, body);
      await res.body?.cancel();
      assert.ok(
        res.status >= 400 && res.status < 500,
        `${path} ${body.slice(0, 40)} → ${res.status}`,
      );
    }
    const badVerify = await fetch(
      `${server.url}/auth/v1/verify?token=nope&type=magiclink&redirect_to=${CALLBACK}`,
      {
        redirect: "manual",
      },
    );
    assert.equal(badVerify.status, 303);
    const location = new URL(badVerify.headers.get("location")!);
    assert.equal(location.origin + location.pathname, CALLBACK);
    assert.match(location.hash, /error=access_denied&error_code=otp_expired/);
  } finally {
    await server.close();
  }
});
