/**
 * The embedded default: the same PKCE sign-in, refresh and sign-out on PGlite
 * (one shared connection), so the stand-in works without PostgreSQL.
 */
import assert from "node:assert/strict";
import {
  authClient,
  CALLBACK,
  followLink,
  startAuthServer,
  uniqueEmail,
} from "./support.ts";

Deno.test("PGlite: PKCE magic link, refresh rotation and sign-out", async () => {
  const server = await startAuthServer({ pglite: true });
  try {
    assert.equal(server.testDb.kind, "pglite");
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "pkce",
    });
    const email = uniqueEmail("pglite");
    assert.equal(
      (await supabase.auth.signInWithOtp({
        email,
        options: { emailRedirectTo: CALLBACK },
      })).error,
      null,
    );
    const [mail] = await server.mail(email);
    const code = (await followLink(mail.links[0])).searchParams.get("code")!;
    const { data, error } = await supabase.auth.exchangeCodeForSession(code);
    assert.equal(error, null);
    assert.equal(data.user!.email, email);

    const refreshed = await supabase.auth.refreshSession();
    assert.equal(refreshed.error, null);
    assert.notEqual(
      refreshed.data.session!.refresh_token,
      data.session!.refresh_token,
    );

    assert.equal((await supabase.auth.getUser()).data.user!.id, data.user!.id);
    assert.equal((await supabase.auth.signOut()).error, null);
    const after = await supabase.auth.getUser(
      refreshed.data.session!.access_token,
    );
    assert.equal(after.error?.name, "AuthSessionMissingError");
  } finally {
    await server.close();
  }
});
