/**
 * Sign-up and password sign-in behind config.toml's switches, as GoTrue
 * (issue 17, items 5 and 8), through supabase-js.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import {
  authClient,
  otpFrom,
  startAuthServer,
  uniqueEmail,
} from "./support.ts";
import type { AuthServer } from "./support.ts";

async function settingsOf(server: AuthServer) {
  const res = await fetch(`${server.url}/auth/v1/settings`, {
    headers: { apikey: server.anonKey },
  });
  return await res.json();
}

Deno.test("signUp with enable_confirmations = false (the CLI default): a session at once, password sign-in", async () => {
  const server = await startAuthServer();
  try {
    const settings = await settingsOf(server);
    assert.equal(settings.mailer_autoconfirm, true);
    assert.equal(settings.disable_signup, false);
    assert.equal(settings.external.email, true);

    const supabase = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const email = uniqueEmail("signup");
    const { data, error } = await supabase.auth.signUp({
      email,
      password: "hibachi-secret",
      options: { data: { full_name: "Kenji" } },
    });
    assert.equal(error, null);
    assert.ok(data.session, "autoconfirm answers a session");
    assert.ok(data.user!.email_confirmed_at);
    assert.equal(data.user!.user_metadata.full_name, "Kenji");
    const amr = decodeJwt(data.session!.access_token).amr as {
      method: string;
    }[];
    assert.deepEqual(amr.map((a) => a.method), ["password"]);
    assert.equal(server.mailbox.list().length, 0, "no mail with autoconfirm");

    const signedIn = await supabase.auth.signInWithPassword({
      email,
      password: "hibachi-secret",
    });
    assert.equal(signedIn.error, null);

    const again = await supabase.auth.signUp({ email, password: "other-pass" });
    assert.equal(again.error?.status, 422);
    assert.equal(again.error?.code, "user_already_exists");
    assert.equal(again.error?.message, "User already registered");

    const weak = await supabase.auth.signUp({
      email: uniqueEmail("weak"),
      password: "abc",
    });
    assert.equal(weak.error?.code, "weak_password");
    assert.equal(
      weak.error?.message,
      "Password should be at least 6 characters.",
    );
  } finally {
    await server.close();
  }
});

Deno.test("signUp with enable_confirmations = true: a signup mail, email_not_confirmed until verified, no enumeration", async () => {
  const server = await startAuthServer({ autoconfirm: false });
  try {
    assert.equal((await settingsOf(server)).mailer_autoconfirm, false);
    const supabase = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const email = uniqueEmail("confirm");
    const { data, error } = await supabase.auth.signUp({
      email,
      password: "hibachi-secret",
    });
    assert.equal(error, null);
    assert.equal(data.session, null);
    assert.equal(data.user!.email_confirmed_at, undefined);
    const [mail] = await server.mail(email);
    assert.match(mail.subject, /Confirm Your Signup/);
    assert.equal(new URL(mail.links[0]).searchParams.get("type"), "signup");

    const early = await supabase.auth.signInWithPassword({
      email,
      password: "hibachi-secret",
    });
    assert.equal(early.error?.code, "email_not_confirmed");

    const verified = await supabase.auth.verifyOtp({
      email,
      token: otpFrom(mail),
      type: "signup",
    });
    assert.equal(verified.error, null);
    assert.ok(verified.data.user!.email_confirmed_at);
    const late = await supabase.auth.signInWithPassword({
      email,
      password: "hibachi-secret",
    });
    assert.equal(late.error, null);

    // A registered email gets an obfuscated user and no mail.
    const before = server.mailbox.list().length;
    const again = await supabase.auth.signUp({ email, password: "whatever1" });
    assert.equal(again.error, null);
    assert.notEqual(again.data.user!.id, verified.data.user!.id);
    assert.equal(server.mailbox.list().length, before);
  } finally {
    await server.close();
  }
});

Deno.test("signUp refused as GoTrue does: [auth] enable_signup = false, [auth.email] enable_signup = false", async () => {
  const closed = await startAuthServer({ disableSignup: true });
  try {
    const supabase = authClient(closed.url, closed.anonKey, {
      persistSession: false,
    });
    const { error } = await supabase.auth.signUp({
      email: uniqueEmail("closed"),
      password: "hibachi-secret",
    });
    assert.equal(error?.status, 422);
    assert.equal(error?.code, "signup_disabled");
    assert.equal(error?.message, "Signups not allowed for this instance");
    assert.equal((await settingsOf(closed)).disable_signup, true);
  } finally {
    await closed.close();
  }
  const noEmail = await startAuthServer({ emailEnabled: false });
  try {
    const supabase = authClient(noEmail.url, noEmail.anonKey, {
      persistSession: false,
    });
    const email = uniqueEmail("off");
    const signup = await supabase.auth.signUp({ email, password: "secret-1" });
    assert.equal(signup.error?.status, 400);
    assert.equal(signup.error?.code, "email_provider_disabled");
    assert.equal(signup.error?.message, "Email signups are disabled");
    const password = await supabase.auth.signInWithPassword({
      email,
      password: "secret-1",
    });
    assert.equal(password.error?.code, "email_provider_disabled");
    const otp = await supabase.auth.signInWithOtp({ email });
    assert.equal(otp.error?.code, "email_provider_disabled");
    assert.equal((await settingsOf(noEmail)).external.email, false);
  } finally {
    await noEmail.close();
  }
});
