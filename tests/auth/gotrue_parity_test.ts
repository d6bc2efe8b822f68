/**
 * Answers the stand-in gives exactly as GoTrue does (issue 17, items 1–4
 * and 6), checked through the unmodified supabase-js client.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import {
  authClient,
  followLink,
  otpFrom,
  startAuthServer,
  uniqueEmail,
} from "./support.ts";

const BAD_EMAIL = "xx:;x@x.x";

Deno.test("email syntax: createUser, inviteUserByEmail and generateLink refuse what GoTrue refuses", async () => {
  const server = await startAuthServer();
  try {
    const admin = authClient(server.url, server.serviceKey).auth.admin;
    const created = await admin.createUser({ email: BAD_EMAIL });
    assert.equal(created.error?.status, 400);
    assert.equal(created.error?.code, "validation_failed");
    assert.equal(
      created.error?.message,
      "Unable to validate email address: invalid format",
    );
    const invited = await admin.inviteUserByEmail(BAD_EMAIL);
    assert.equal(invited.error?.code, "validation_failed");
    assert.equal(
      invited.error?.message,
      "Unable to validate email address: invalid format",
    );
    const link = await admin.generateLink({
      type: "magiclink",
      email: BAD_EMAIL,
    });
    assert.equal(link.error?.status, 400);
    assert.equal(
      link.error?.message,
      "Unable to validate email address: invalid format",
    );
    const none = await admin.createUser({});
    assert.equal(
      none.error?.message,
      "Cannot create a user without either an email or phone",
    );
    // What GoTrue accepts: RFC 5322 atext and a dotless host; stored lower-case.
    const odd = await admin.createUser({ email: "O'Brien+x@LocalHost" });
    assert.equal(odd.error, null);
    assert.equal(odd.data.user!.email, "o'brien+x@localhost");
    assert.equal(server.mailbox.list().length, 0, "nothing was sent");
  } finally {
    await server.close();
  }
});

Deno.test("listUsers: X-Total-Count and Link give total, nextPage and lastPage; bad page is a 400", async () => {
  const server = await startAuthServer();
  try {
    const admin = authClient(server.url, server.serviceKey).auth.admin;
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await admin.createUser({ email: uniqueEmail(`list${i}`) })).error,
        null,
      );
    }
    const first = await admin.listUsers({ page: 1, perPage: 2 });
    assert.equal(first.error, null);
    assert.equal(first.data.users.length, 2);
    const paged = first.data as unknown as {
      total: number;
      nextPage: number | null;
      lastPage: number;
    };
    assert.equal(paged.total, 3);
    assert.equal(paged.nextPage, 2);
    assert.equal(paged.lastPage, 2);
    const second = await admin.listUsers({ page: 2, perPage: 2 });
    assert.equal(second.data.users.length, 1);
    assert.equal((second.data as unknown as { nextPage: null }).nextPage, null);

    const res = await fetch(
      `${server.url}/auth/v1/admin/users?per_page=2&page=1`,
      {
        headers: {
          apikey: server.serviceKey,
          authorization: `Bearer ${server.serviceKey}`,
        },
      },
    );
    await res.body?.cancel();
    assert.equal(res.headers.get("x-total-count"), "3");
    assert.equal(
      res.headers.get("link"),
      '</admin/users?page=2&per_page=2>; rel="next", ' +
        '</admin/users?page=2&per_page=2>; rel="last"',
    );

    const bad = await admin.listUsers({ page: -1 });
    assert.equal(bad.error?.status, 400);
    assert.equal(bad.error?.code, "validation_failed");
    assert.equal(
      bad.error?.message,
      'Bad Pagination Parameters: strconv.ParseUint: parsing "-1": invalid syntax',
    );
    const zero = await admin.listUsers({ page: 1, perPage: 0 });
    assert.equal(
      zero.error?.message,
      "Bad Pagination Parameters: per_page must be greater than 0",
    );
  } finally {
    await server.close();
  }
});

Deno.test("amr: every /verify session says otp (code, token_hash and email link)", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      flowType: "implicit",
      persistSession: false,
    });
    const admin = authClient(server.url, server.serviceKey).auth.admin;
    const methods = (token: string) =>
      (decodeJwt(token).amr as { method: string }[]).map((a) => a.method);

    const email = uniqueEmail("amr");
    await supabase.auth.signInWithOtp({ email });
    const [mail] = await server.mail(email);
    const byLink = await followLink(mail.links[0]);
    const fragment = new URLSearchParams(byLink.hash.slice(1));
    assert.deepEqual(methods(fragment.get("access_token")!), ["otp"]);

    server.advance(61);
    await supabase.auth.signInWithOtp({ email });
    const [second] = await server.mail(email);
    const byCode = await supabase.auth.verifyOtp({
      email,
      token: otpFrom(second),
      type: "email",
    });
    assert.deepEqual(methods(byCode.data.session!.access_token), ["otp"]);

    const link = await admin.generateLink({
      type: "magiclink",
      email: uniqueEmail("hash"),
    });
    const byHash = await supabase.auth.verifyOtp({
      token_hash: link.data.properties!.hashed_token,
      // An unknown email's magic link is a signup link, as in GoTrue.
      type: link.data.properties!.verification_type as "signup",
    });
    assert.equal(byHash.error, null);
    assert.deepEqual(methods(byHash.data.session!.access_token), ["otp"]);
  } finally {
    await server.close();
  }
});

Deno.test("verifyOtp with a bad token_hash: 403 otp_expired, GoTrue's email-link message", async () => {
  const server = await startAuthServer();
  try {
    const supabase = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const { error } = await supabase.auth.verifyOtp({
      token_hash: "0".repeat(56),
      type: "email",
    });
    assert.equal(error?.status, 403);
    assert.equal(error?.code, "otp_expired");
    assert.equal(error?.message, "Email link is invalid or has expired");
    // A wrong code keeps GoTrue's other wording.
    const email = uniqueEmail("code");
    await supabase.auth.signInWithOtp({ email });
    const wrong = await supabase.auth.verifyOtp({
      email,
      token: "12345",
      type: "email",
    });
    assert.equal(wrong.error?.message, "Token has expired or is invalid");
  } finally {
    await server.close();
  }
});

Deno.test("admin updateUserById({email}) changes the email and its identity, without mail", async () => {
  const server = await startAuthServer();
  try {
    const admin = authClient(server.url, server.serviceKey).auth.admin;
    const before = uniqueEmail("old");
    const { data } = await admin.createUser({
      email: before,
      password: "hibachi-secret",
      email_confirm: true,
    });
    const id = data.user!.id;
    const after = uniqueEmail("NEW");
    const updated = await admin.updateUserById(id, {
      email: after,
      email_confirm: true,
    });
    assert.equal(updated.error, null);
    assert.equal(updated.data.user!.email, after.toLowerCase());
    const identity = updated.data.user!.identities![0];
    assert.equal(identity.identity_data!.email, after.toLowerCase());
    assert.equal(identity.identity_data!.email_verified, true);
    assert.equal(
      (await admin.getUserById(id)).data.user!.email,
      after.toLowerCase(),
    );
    assert.equal(server.mailbox.list().length, 0);

    const anon = authClient(server.url, server.anonKey, {
      persistSession: false,
    });
    const signedIn = await anon.auth.signInWithPassword({
      email: after,
      password: "hibachi-secret",
    });
    assert.equal(signedIn.error, null);

    const invalid = await admin.updateUserById(id, { email: BAD_EMAIL });
    assert.equal(invalid.error?.status, 400);
    assert.equal(
      invalid.error?.message,
      "Unable to validate email address: invalid format",
    );
    const weak = await admin.updateUserById(id, { password: "abc" });
    assert.equal(weak.error?.status, 422);
    assert.equal(weak.error?.code, "weak_password");
    assert.deepEqual(
      (weak.error as unknown as { reasons: string[] }).reasons,
      ["length"],
    );
  } finally {
    await server.close();
  }
});
