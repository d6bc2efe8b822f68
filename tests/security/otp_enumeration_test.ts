/**
 * Sign-in requests do not reveal which addresses are staff in production
 * (issue 9 §8, ADR 0016): `POST /auth/v1/otp` with `create_user: false`
 * answers 200 `{}` for known and unknown addresses alike and inside the
 * send-rate window; only a known address gets mail. Development keeps
 * GoTrue's answers (`otp_disabled`), which the parity tests rely on.
 */
import assert from "node:assert/strict";
import type { Mailer, MailMessage } from "../../lib/mail/types.ts";
import { startApp, type TestApp } from "../support/app.ts";

const PROD_SECRET = "prod-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

/** A mailer that records what it is asked to send. */
function recordingMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    send(message) {
      sent.push(message);
      return Promise.resolve();
    },
  };
}

async function otp(
  app: TestApp,
  email: string,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${app.url}/auth/v1/otp`, {
    method: "POST",
    headers: {
      apikey: app.parts.supabase.anonKey,
      "content-type": "application/json",
    },
    body: JSON.stringify({ email, create_user: false }),
  });
  return { status: res.status, text: await res.text() };
}

async function userCount(app: TestApp): Promise<number> {
  const [{ n }] = await app.db.sql<{ n: number }[]>`
    select count(*)::int as n from auth.users`;
  return n;
}

Deno.test({
  name:
    "POST /auth/v1/otp in production: one answer for staff and unknown addresses, mail only for staff",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const mailer = recordingMailer();
    const app = await startApp({
      serve: true,
      mailer,
      env: {
        APP_ENV: "production",
        SMTP_URL: "smtp://127.0.0.1:9",
        SUPABASE_URL: null,
        SUPABASE_JWT_SECRET: PROD_SECRET,
        SUPABASE_ANON_KEY: null,
        SUPABASE_SERVICE_ROLE_KEY: null,
      },
    });
    try {
      const users = await userCount(app);
      const staff = await otp(app, "admin@myhibachi.example");
      const unknown = await otp(app, "nobody-here@example.com");
      assert.deepEqual(staff, { status: 200, text: "{}" });
      assert.deepEqual(unknown, staff);
      // The send was started before the answer went out.
      assert.deepEqual(mailer.sent.map((m) => m.to), [
        "admin@myhibachi.example",
      ]);
      assert.equal(await userCount(app), users, "no account was created");
      // Inside the send-rate window: the same answer, no second mail.
      const again = await otp(app, "admin@myhibachi.example");
      assert.deepEqual(again, staff);
      assert.equal(mailer.sent.length, 1);
      // Without create_user:false an unknown address is not signed up in
      // production (staff are invited): the same answer, no account, no mail.
      const res = await fetch(`${app.url}/auth/v1/otp`, {
        method: "POST",
        headers: {
          apikey: app.parts.supabase.anonKey,
          "content-type": "application/json",
        },
        body: JSON.stringify({ email: "walk-in@example.com" }),
      });
      assert.deepEqual(
        { status: res.status, text: await res.text() },
        staff,
      );
      assert.equal(await userCount(app), users);
      assert.equal(mailer.sent.length, 1);
      // Public sign-up is closed alike for staff and unknown addresses.
      for (const email of ["admin@myhibachi.example", "new@example.com"]) {
        const signup = await fetch(`${app.url}/auth/v1/signup`, {
          method: "POST",
          headers: {
            apikey: app.parts.supabase.anonKey,
            "content-type": "application/json",
          },
          body: JSON.stringify({ email, password: "correct horse battery" }),
        });
        const body = await signup.json();
        assert.equal(signup.status, 422, email);
        assert.equal(body.error_code ?? body.code, "signup_disabled");
      }
      assert.equal(await userCount(app), users);
      // Malformed input is still refused (that reveals nothing).
      const bad = await otp(app, "not-an-email");
      assert.notEqual(bad.status, 200);
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "POST /auth/v1/otp in development keeps GoTrue's otp_disabled",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await startApp({
      serve: true,
      env: { SUPABASE_URL: null },
    });
    try {
      const unknown = await otp(app, "nobody-here@example.com");
      assert.equal(unknown.status, 422);
      assert.match(unknown.text, /otp_disabled/);
    } finally {
      await app.dispose();
    }
  },
});
