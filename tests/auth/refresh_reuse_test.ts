/**
 * Refresh-token rotation and reuse detection as GoTrue does them (issue 17,
 * item 7), through supabase-js, with config.toml's two switches.
 */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import {
  authClient,
  otpFrom,
  startAuthServer,
  uniqueEmail,
} from "./support.ts";
import type { AuthServer } from "./support.ts";

async function signIn(server: AuthServer, supabase: SupabaseClient) {
  const email = uniqueEmail("refresh");
  await supabase.auth.signInWithOtp({ email });
  const [mail] = await server.mail(email);
  return (await supabase.auth.verifyOtp({
    email,
    token: otpFrom(mail),
    type: "email",
  })).data.session!;
}

async function refresh(supabase: SupabaseClient, token: string) {
  return await supabase.auth.refreshSession({ refresh_token: token });
}

Deno.test("refresh: a lost response is retried with the parent at any time; a grandparent after 10 s revokes the family", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const first = await signIn(server, supabase);
    const r1 = first.refresh_token;
    const r2 = (await refresh(supabase, r1)).data.session!.refresh_token;
    assert.notEqual(r2, r1, "rotation issues a new refresh token");

    // The parent of the active token gets that token back, even much later
    // (GoTrue does not bound this case by the reuse interval).
    server.advance(3600);
    const retry = await refresh(supabase, r1);
    assert.equal(retry.error, null);
    assert.equal(retry.data.session!.refresh_token, r2);

    const r3 = (await refresh(supabase, r2)).data.session!.refresh_token;
    const r4 = (await refresh(supabase, r3)).data.session!.refresh_token;
    // Within 10 s of its revocation a revoked token that is not the active
    // one's parent is swapped again (a new child, not a fork error).
    server.advance(5);
    const within = await refresh(supabase, r2);
    assert.equal(within.error, null);
    const r5 = within.data.session!.refresh_token;
    assert.ok(![r2, r3, r4].includes(r5));

    // Later, replaying such a token is reuse: 400 refresh_token_already_used
    // and every refresh token of the session is revoked.
    server.advance(11);
    const stolen = await refresh(supabase, r3);
    assert.equal(stolen.error?.status, 400);
    assert.equal(stolen.error?.code, "refresh_token_already_used");
    assert.equal(stolen.error?.message, "Invalid Refresh Token: Already Used");
    const child = await refresh(supabase, r5);
    assert.equal(child.error?.code, "refresh_token_already_used");

    // As in GoTrue the session row stays: issued access tokens still work
    // at /user until they expire.
    const user = await supabase.auth.getUser(
      within.data.session!.access_token,
    );
    assert.equal(user.error, null);
  } finally {
    await server.close();
  }
});

Deno.test("refresh: enable_refresh_token_rotation = false refuses the reuse but keeps the family", async () => {
  const server = await startAuthServer({
    refreshTokenRotation: false,
    refreshTokenReuseInterval: 0,
  });
  try {
    const supabase = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const first = await signIn(server, supabase);
    const r1 = first.refresh_token;
    const r2 = (await refresh(supabase, r1)).data.session!.refresh_token;
    const r3 = (await refresh(supabase, r2)).data.session!.refresh_token;
    server.advance(1);
    const reused = await refresh(supabase, r1);
    assert.equal(reused.error?.code, "refresh_token_already_used");
    const active = await refresh(supabase, r3);
    assert.equal(active.error, null, "the active token still refreshes");
  } finally {
    await server.close();
  }
});
