/**
 * Real access tokens for Staff API tests: GoTrue's admin generate_link (no
 * mail, no send-rate window) then POST /auth/v1/verify with the token hash,
 * exactly as a client that follows the link gets its session.
 *
 * @module
 */
import { SignJWT } from "jose";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import type { TestApp } from "../support/app.ts";

/** A fresh access token of `email` from the app's embedded auth. */
export async function accessToken(
  app: Pick<TestApp, "url">,
  email: string,
): Promise<string> {
  const link = await fetch(`${app.url}/auth/v1/admin/generate_link`, {
    method: "POST",
    headers: {
      apikey: LOCAL_SERVICE_ROLE_KEY,
      authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ type: "magiclink", email }),
  });
  const linkBody = await link.json();
  if (!link.ok) {
    throw new Error(`generate_link ${link.status} ${JSON.stringify(linkBody)}`);
  }
  const verify = await fetch(`${app.url}/auth/v1/verify`, {
    method: "POST",
    headers: { apikey: LOCAL_ANON_KEY, "content-type": "application/json" },
    body: JSON.stringify({
      type: "magiclink",
      token_hash: linkBody.hashed_token,
    }),
  });
  const session = await verify.json();
  if (!verify.ok || typeof session.access_token !== "string") {
    throw new Error(`verify ${verify.status} ${JSON.stringify(session)}`);
  }
  return session.access_token;
}

/** A Staff API client bound to one token. */
export function staffApi(app: TestApp, token: string | null) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // deno-lint-ignore no-explicit-any
  ): Promise<{ status: number; body: any }> => {
    const h = new Headers(headers);
    if (token !== null) h.set("authorization", `Bearer ${token}`);
    if (body !== undefined) h.set("content-type", "application/json");
    const res = await fetch(`${app.url}/api/staff${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // JSON answers are parsed; others (CSV exports) come back as text.
    const json = /json/.test(res.headers.get("content-type") ?? "json");
    return {
      status: res.status,
      body: text ? (json ? JSON.parse(text) : text) : null,
    };
  };
}

/**
 * An access token for `userId` signed with the test app's JWT secret and
 * dated by `now` (the app's injected clock), shaped like the embedded
 * auth's: for Staff API tests whose app clock is not the real time (the
 * embedded auth dates its tokens by the real clock).
 */
export async function tokenAt(
  userId: string,
  now: Date,
  secret = LOCAL_JWT_SECRET,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return await new SignJWT({ role: "authenticated", aal: "aal1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setAudience("authenticated")
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(new TextEncoder().encode(secret));
}
