/**
 * The 403 page for signed-in users who are not (active) staff. Plain HTML:
 * the middleware answers before any route renders.
 *
 * @module
 */

import { escapeHtml } from "../text/escape.ts";

/** 403 answer naming the signed-in address, with a sign-out form. */
export function forbiddenPage(email: string): Response {
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>No staff access – MyHibachi</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#292524">
<h1>No staff access</h1>
<p>You are signed in as <strong>${
    escapeHtml(email)
  }</strong>, but this address is not on the MyHibachi staff list (or its access was turned off).</p>
<p>If you should have access, ask an admin to invite this address. Customers manage bookings with the link in their confirmation e-mail.</p>
<p><a href="/login">Sign in with another address</a> · <a href="/">Back to the home page</a></p>
</body></html>`;
  return new Response(html, {
    status: 403,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
    },
  });
}
